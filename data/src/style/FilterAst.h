#pragma once
// The syntax tree of a FilterExpression and its parser. Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data::detail {

/// A value in a predicate: an attribute (by slot) or a literal.
struct FilterOperand {
    bool isField = false;
    int slot = -1;        ///< index into FilterAst::fields when isField
    std::string text;     ///< literal text (numbers keep their source text)
    bool isNumber = false;
    double number = 0;
};

enum class FilterOp : uint8_t {
    Or, And, Not,                     // a, b: child nodes
    Eq, Ne, Lt, Le, Gt, Ge,           // a, b: operands
    Like, In, Between, IsNull,        // a: operand; see FilterNode
};

/// One node; children and operands are indices into FilterAst's vectors.
struct FilterNode {
    FilterOp op = FilterOp::Eq;
    bool negated = false;      ///< NOT LIKE / NOT IN / NOT BETWEEN / IS NOT NULL
    int a = -1;
    int b = -1;
    std::vector<int> list;     ///< In: operands; Between: {low, high}
};

/// Immutable after parsing; shared by copies of a FilterExpression.
struct FilterAst {
    std::vector<FilterNode> nodes;
    std::vector<FilterOperand> operands;
    std::vector<std::string> fields; ///< attribute names, each once
    int root = -1;
};

/// Parses filter text into `ast`. On a syntax error returns false and sets
/// `error` to "column N: ...".
bool parseFilter(std::string_view text, FilterAst& ast, std::string& error);

/// Strict number: optional spaces, sign, digits with an optional fraction and
/// exponent, spaces; nothing else. Pure.
bool parseStrictNumber(std::string_view text, double& out);

} // namespace citytwin::data::detail
