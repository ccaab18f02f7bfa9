#include "citytwin/gis/HeightRule.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace citytwin::gis {

HeightRule HeightRule::defaults()
{
    HeightRule rule;
    rule.candidates = {
        {"height", HeightUnit::Meters},
        {"building:height", HeightUnit::Meters},
        {"measuredHeight", HeightUnit::Meters},
        {"building:levels", HeightUnit::Storeys},
        {"levels", HeightUnit::Storeys},
        {"stories", HeightUnit::Storeys},
        {"story_ht_", HeightUnit::Storeys},
    };
    return rule;
}

std::optional<double> parseNumberInText(std::string_view text)
{
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
        // A sign directly before the first digit belongs to the number.
        const bool negative = i > 0 && text[i - 1] == '-';
        double value = 0;
        size_t j = i;
        for (; j < n && std::isdigit(static_cast<unsigned char>(text[j])); ++j)
            value = value * 10 + (text[j] - '0');
        // "3.5" and the decimal comma "3,5" (common in European OSM tags).
        if (j + 1 < n && (text[j] == '.' || text[j] == ',')
            && std::isdigit(static_cast<unsigned char>(text[j + 1]))) {
            double scale = 0.1;
            for (++j; j < n && std::isdigit(static_cast<unsigned char>(text[j])); ++j) {
                value += (text[j] - '0') * scale;
                scale *= 0.1;
            }
        }
        if (!std::isfinite(value)) return std::nullopt;
        return negative ? -value : value;
    }
    return std::nullopt;
}

namespace {

// Reads a double-quoted hstore token starting at text[pos] == '"'.
bool readQuoted(std::string_view text, size_t& pos, std::string& out)
{
    if (pos >= text.size() || text[pos] != '"') return false;
    out.clear();
    for (++pos; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '\\' && pos + 1 < text.size()) {
            out += text[++pos];
        } else if (c == '"') {
            ++pos;
            return true;
        } else {
            out += c;
        }
    }
    return false;
}

void skipSpaces(std::string_view text, size_t& pos)
{
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
}

} // namespace

std::optional<std::string> otherTagsValue(std::string_view otherTags, std::string_view key)
{
    size_t pos = 0;
    std::string k, v;
    while (pos < otherTags.size()) {
        skipSpaces(otherTags, pos);
        if (!readQuoted(otherTags, pos, k)) return std::nullopt;
        skipSpaces(otherTags, pos);
        if (otherTags.compare(pos, 2, "=>") != 0) return std::nullopt;
        pos += 2;
        skipSpaces(otherTags, pos);
        if (!readQuoted(otherTags, pos, v)) return std::nullopt;
        if (k == key) return v;
        skipSpaces(otherTags, pos);
        if (pos < otherTags.size() && otherTags[pos] == ',') ++pos;
    }
    return std::nullopt;
}

namespace {

std::optional<std::string> lookup(const AttributeList& attributes, const std::string& name)
{
    if (const auto value = attributes.find(name)) return std::string(*value);
    if (const auto otherTags = attributes.find("other_tags")) return otherTagsValue(*otherTags, name);
    return std::nullopt;
}

} // namespace

HeightEvaluation evaluateHeight(const HeightRule& rule, const AttributeList& attributes)
{
    const auto clamp = [&rule](double h) {
        return std::clamp(h, rule.minHeightMeters, std::max(rule.minHeightMeters, rule.maxHeightMeters));
    };
    for (size_t i = 0; i < rule.candidates.size(); ++i) {
        const HeightCandidate& c = rule.candidates[i];
        const auto text = lookup(attributes, c.attribute);
        if (!text) continue;
        const auto number = parseNumberInText(*text);
        if (!number) continue;
        if (c.unit == HeightUnit::Meters && *number > 0)
            return {clamp(*number), static_cast<int>(i)};
        // Zero storeys is a real answer (a one-storey building), not "unknown".
        if (c.unit == HeightUnit::Storeys && *number >= 0)
            return {clamp(std::max(*number, 1.0) * rule.storeyHeightMeters), static_cast<int>(i)};
    }
    return {clamp(rule.defaultHeightMeters), -1};
}

} // namespace citytwin::gis
