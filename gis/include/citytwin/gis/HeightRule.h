#pragma once
// How a layer turns feature attributes into a building height in metres.

#include "citytwin/gis/AttributeList.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::gis {

enum class HeightUnit { Meters, Storeys };

/// One attribute to try. For OSM sources the attribute may also live inside
/// the `other_tags` hstore text ("building:levels"=>"4").
struct HeightCandidate {
    std::string attribute;
    HeightUnit unit = HeightUnit::Meters;
    bool operator==(const HeightCandidate&) const = default;
};

/// Ordered candidates: the first attribute that yields a number wins — a
/// positive number for metres, any number >= 0 for storeys (0 storeys counts
/// as one: height = storeyHeightMeters * max(storeys, 1), the Boston rule).
/// Numbers are found inside text ("12", "12 m", "4;5" takes the first, "3,5"
/// is 3.5). The result (also the default) is clamped to [min, max].
struct HeightRule {
    std::vector<HeightCandidate> candidates;
    double storeyHeightMeters = 3.5;   ///< metres per storey
    double defaultHeightMeters = 10.0; ///< used when no candidate yields a number
    double minHeightMeters = 3.5;      ///< clamp floor (a storey of 0 still stands)
    double maxHeightMeters = 1000.0;   ///< clamp ceiling (protects against typos)

    /// Defaults, in this order: height, building:height, measuredHeight (m);
    /// building:levels, levels, stories, story_ht_ (storeys). Any of them is
    /// also looked up in OSM other_tags. Default 10 m, clamps 3.5..1000 m.
    static HeightRule defaults();

    bool operator==(const HeightRule&) const = default;
};

/// Result of applying a rule: the height and which candidate gave it
/// (-1 = the default).
struct HeightEvaluation {
    double heightMeters = 0;
    int candidateIndex = -1;
};

/// Parses the first number in text ("12", "12 m", "4;5", " 3.5 ", "3,5" = 3.5,
/// "-2" = -2), or nothing. No exponents, no inf/nan.
std::optional<double> parseNumberInText(std::string_view text);

/// Looks up `key` in an OSM other_tags hstore string: "a"=>"1","b"=>"x".
std::optional<std::string> otherTagsValue(std::string_view otherTags, std::string_view key);

/// Applies the rule to a feature's attributes. Pure; any thread.
HeightEvaluation evaluateHeight(const HeightRule& rule, const AttributeList& attributes);

} // namespace citytwin::gis
