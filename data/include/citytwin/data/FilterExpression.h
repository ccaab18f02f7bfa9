#pragma once
// Attribute filters such as `stories >= 10 and bra_use = 'Office'`, parsed
// once and evaluated against every feature of a layer.

#include "citytwin/gis/HeightRule.h"
#include "citytwin/gis/Result.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data {

namespace detail {
struct FilterAst;
}

/// A parsed filter. Grammar (keywords in any case; precedence not > and > or):
///
///     expr      := term ('or' term)*
///     term      := factor ('and' factor)*
///     factor    := 'not' factor | '(' expr ')' | predicate
///     predicate := value op value              op: = == != <> < <= > >=
///                | value ['not'] ('like' | 'ilike') 'pattern'   % any text, _ one char
///                | value ['not'] 'in' '(' value (',' value)* ')'
///                | value ['not'] 'between' value 'and' value
///                | value 'is' ['not'] 'null'
///     value     := attribute | "quoted attribute" | 'text' | number
///
/// Attribute names are letters, digits, '_', ':' and '.' (OSM keys such as
/// building:levels), or any text in double quotes. Text literals use single
/// quotes ('' is a quote). Two values compare as numbers when both are
/// numbers ("12", " 3.5 "; not "12 m"), else as text (case-sensitive; LIKE
/// and ILIKE ignore ASCII case). A feature without the attribute (a null
/// field, or no such field; OSM other_tags keys are looked up inside
/// other_tags) has null there: comparisons with null are unknown, and the
/// logic is SQL's three-valued one (`not (x = 1)` is unknown, so false, for
/// a null x); a feature matches only when the whole expression is true.
///
/// Copies are cheap (the syntax tree is shared and immutable). A const
/// FilterExpression may be evaluated from any number of threads at once.
class FilterExpression {
public:
    /// The empty filter: matches every feature.
    FilterExpression();
    ~FilterExpression();
    FilterExpression(const FilterExpression&);
    FilterExpression& operator=(const FilterExpression&);
    FilterExpression(FilterExpression&&) noexcept;
    FilterExpression& operator=(FilterExpression&&) noexcept;

    /// Parses `text`; blank text gives the empty filter. A syntax error fails
    /// with one error "filter: column N: <what was expected>, found <what>"
    /// (N counts characters from 1). Pure; any thread.
    static gis::Result<FilterExpression> parse(std::string_view text);
    /// As above, and adds a warning per attribute not in `knownFields`
    /// ("filter: unknown attribute 'x' ..."); none when the layer has an OSM
    /// other_tags field, whose keys are not known up front.
    static gis::Result<FilterExpression> parse(std::string_view text,
                                               const std::vector<std::string>& knownFields);

    bool isEmpty() const;
    const std::string& text() const { return m_text; }
    /// The attribute names the expression reads, each once, in order of use.
    const std::vector<std::string>& attributes() const;

    /// Remembers where each attribute sits in a layer's field order (the
    /// names of one feature's AttributeList), so matches() finds it without
    /// searching. A feature whose list differs (null fields are omitted)
    /// still evaluates correctly, by name. Not thread-safe: call before
    /// sharing the expression.
    void resolve(const std::vector<std::string>& fieldNames);
    void resolve(const gis::AttributeList& sample);

    /// True when the expression is true for these attributes (always true
    /// for the empty filter). Pure; any thread.
    bool matches(const gis::AttributeList& attributes) const;

private:
    std::string m_text;
    std::shared_ptr<const detail::FilterAst> m_ast; ///< null = empty filter
    std::vector<int> m_hints;                       ///< field index per attribute, -1 = search
};

} // namespace citytwin::data
