#include "citytwin/data/FilterExpression.h"

#include "style/AttributeLookup.h"
#include "style/FilterAst.h"

#include <algorithm>
#include <cctype>

namespace citytwin::data {

namespace {

using detail::FilterAst;
using detail::FilterNode;
using detail::FilterOp;
using detail::FilterOperand;

/// SQL's three-valued logic.
enum class Tri : uint8_t { False, True, Unknown };

Tri triNot(Tri v) {
    return v == Tri::Unknown ? Tri::Unknown : (v == Tri::True ? Tri::False : Tri::True);
}
Tri fromBool(bool b) { return b ? Tri::True : Tri::False; }

/// An operand's value for one feature.
struct Value {
    bool null = true;
    std::string_view text;
    bool isNumber = false;
    double number = 0;
};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

/// SQL LIKE, ASCII case ignored: % any run, _ any one byte.
bool likeMatch(std::string_view text, std::string_view pattern) {
    size_t t = 0, p = 0, starP = std::string_view::npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '%') {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && (pattern[p] == '_' || lower(pattern[p]) == lower(text[t]))) {
            ++p;
            ++t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

/// <0, 0, >0 between two non-null values: numbers when both are numbers.
int compareValues(const Value& a, const Value& b) {
    if (a.isNumber && b.isNumber) return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    const int c = a.text.compare(b.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

class Evaluator {
public:
    Evaluator(const FilterAst& ast, const std::vector<int>& hints,
              const gis::AttributeList& attributes)
        : m_ast(ast), m_hints(hints), m_attributes(attributes) {}

    Tri eval(int index) {
        const FilterNode& n = m_ast.nodes[static_cast<size_t>(index)];
        switch (n.op) {
        case FilterOp::Or: {
            const Tri a = eval(n.a);
            if (a == Tri::True) return Tri::True;
            const Tri b = eval(n.b);
            return b == Tri::True ? Tri::True : (a == Tri::Unknown || b == Tri::Unknown ? Tri::Unknown : Tri::False);
        }
        case FilterOp::And: {
            const Tri a = eval(n.a);
            if (a == Tri::False) return Tri::False;
            const Tri b = eval(n.b);
            return b == Tri::False ? Tri::False : (a == Tri::Unknown || b == Tri::Unknown ? Tri::Unknown : Tri::True);
        }
        case FilterOp::Not: return triNot(eval(n.a));
        case FilterOp::IsNull: return fromBool(value(n.a, m_scratchA).null != n.negated);
        case FilterOp::Like: return like(n);
        case FilterOp::In: return in(n);
        case FilterOp::Between: return between(n);
        default: return compare(n);
        }
    }

private:
    Value value(int operandIndex, std::string& scratch) const {
        const FilterOperand& o = m_ast.operands[static_cast<size_t>(operandIndex)];
        Value v;
        if (!o.isField) {
            v.null = false;
            v.text = o.text;
            v.isNumber = o.isNumber;
            v.number = o.number;
            return v;
        }
        const auto found = detail::findAttribute(m_attributes, m_ast.fields[static_cast<size_t>(o.slot)],
                                                 m_hints[static_cast<size_t>(o.slot)], scratch);
        if (!found) return v;
        v.null = false;
        v.text = *found;
        v.isNumber = detail::parseStrictNumber(v.text, v.number);
        return v;
    }

    Tri compare(const FilterNode& n) {
        const Value a = value(n.a, m_scratchA);
        const Value b = value(n.b, m_scratchB);
        if (a.null || b.null) return Tri::Unknown;
        const int c = compareValues(a, b);
        switch (n.op) {
        case FilterOp::Eq: return fromBool(c == 0);
        case FilterOp::Ne: return fromBool(c != 0);
        case FilterOp::Lt: return fromBool(c < 0);
        case FilterOp::Le: return fromBool(c <= 0);
        case FilterOp::Gt: return fromBool(c > 0);
        case FilterOp::Ge: return fromBool(c >= 0);
        default: return Tri::Unknown;
        }
    }
    Tri like(const FilterNode& n) {
        const Value a = value(n.a, m_scratchA);
        if (a.null) return Tri::Unknown;
        const auto& pattern = m_ast.operands[static_cast<size_t>(n.b)].text;
        return fromBool(likeMatch(a.text, pattern) != n.negated);
    }
    Tri in(const FilterNode& n) {
        const Value a = value(n.a, m_scratchA);
        if (a.null) return Tri::Unknown;
        bool unknown = false;
        for (int item : n.list) {
            const Value b = value(item, m_scratchB);
            if (b.null) unknown = true;
            else if (compareValues(a, b) == 0) return fromBool(!n.negated);
        }
        return unknown ? Tri::Unknown : fromBool(n.negated);
    }
    Tri between(const FilterNode& n) {
        const Value a = value(n.a, m_scratchA);
        const Value low = value(n.list[0], m_scratchB);
        if (a.null || low.null) return Tri::Unknown;
        const bool aboveLow = compareValues(a, low) >= 0;
        const Value high = value(n.list[1], m_scratchB);
        if (high.null) return Tri::Unknown;
        const bool inside = aboveLow && compareValues(a, high) <= 0;
        return fromBool(inside != n.negated);
    }

    const FilterAst& m_ast;
    const std::vector<int>& m_hints;
    const gis::AttributeList& m_attributes;
    std::string m_scratchA; ///< other_tags values of the left / right operand
    std::string m_scratchB;
};

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

} // namespace

FilterExpression::FilterExpression() = default;
FilterExpression::~FilterExpression() = default;
FilterExpression::FilterExpression(const FilterExpression&) = default;
FilterExpression& FilterExpression::operator=(const FilterExpression&) = default;
FilterExpression::FilterExpression(FilterExpression&&) noexcept = default;
FilterExpression& FilterExpression::operator=(FilterExpression&&) noexcept = default;

gis::Result<FilterExpression> FilterExpression::parse(std::string_view text) {
    using R = gis::Result<FilterExpression>;
    FilterExpression expression;
    expression.m_text = std::string(text);
    if (isBlank(text)) return expression;
    auto ast = std::make_shared<FilterAst>();
    std::string error;
    if (!detail::parseFilter(text, *ast, error)) return R::failure("filter: " + error);
    expression.m_hints.assign(ast->fields.size(), -1);
    expression.m_ast = std::move(ast);
    return expression;
}

gis::Result<FilterExpression> FilterExpression::parse(std::string_view text,
                                                      const std::vector<std::string>& knownFields) {
    auto result = parse(text);
    if (!result || detail::fieldIndex(knownFields, "other_tags") >= 0) return result;
    for (const auto& name : result->attributes())
        if (detail::fieldIndex(knownFields, name) < 0)
            result.addDiagnostic({gis::Severity::Warning,
                                  "filter: unknown attribute '" + name +
                                      "' (the layer has no such field; it counts as null)",
                                  {}, -1});
    return result;
}

bool FilterExpression::isEmpty() const { return m_ast == nullptr; }

const std::vector<std::string>& FilterExpression::attributes() const {
    static const std::vector<std::string> kNone;
    return m_ast ? m_ast->fields : kNone;
}

void FilterExpression::resolve(const std::vector<std::string>& fieldNames) {
    if (!m_ast) return;
    for (size_t i = 0; i < m_ast->fields.size(); ++i)
        m_hints[i] = detail::fieldIndex(fieldNames, m_ast->fields[i]);
}

void FilterExpression::resolve(const gis::AttributeList& sample) { resolve(detail::namesOf(sample)); }

bool FilterExpression::matches(const gis::AttributeList& attributes) const {
    if (!m_ast) return true;
    return Evaluator(*m_ast, m_hints, attributes).eval(m_ast->root) == Tri::True;
}

} // namespace citytwin::data
