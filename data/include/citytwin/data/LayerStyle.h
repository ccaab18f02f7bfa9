#pragma once
// How a layer's features are coloured, filtered and labelled: a plain value
// stored in the project file and evaluated into per-feature colours.

#include "citytwin/data/Rgb.h"

#include <string>
#include <vector>

namespace citytwin::data {

enum class StyleMode {
    Single,      ///< every feature in `color`
    Categorised, ///< by the text value of `attribute`, one colour per category
    Graduated,   ///< by the numeric value of `attribute`, one colour per class
};

/// How classify() places the class breaks of a graduated style.
enum class ClassMethod {
    EqualInterval, ///< classes of equal width between the minimum and maximum
    Quantile,      ///< classes holding (about) the same number of features
};

/// One value of a categorised style. Hidden categories hide their features.
struct StyleCategory {
    std::string value; ///< attribute text, compared exactly
    Rgb color;
    std::string label; ///< legend text; empty = the value
    bool visible = true;
    bool operator==(const StyleCategory&) const = default;
};

/// One class of a graduated style: values v with lower <= v <= upper; a value
/// on a shared break belongs to the lower class.
struct StyleClass {
    double lower = 0;
    double upper = 0;
    Rgb color;
    std::string label; ///< legend text; empty = "lower – upper"
    bool operator==(const StyleClass&) const = default;
};

/// A layer's style. Fields of the modes not in use are kept (switching mode
/// back restores them). Plain copyable value; to/from JSON with LayerStyleJson.
struct LayerStyle {
    StyleMode mode = StyleMode::Single;
    Rgb color{205, 200, 190};              ///< Single: the colour of every feature
    std::string attribute;                 ///< Categorised / Graduated: the attribute read
    std::vector<StyleCategory> categories; ///< Categorised, legend order
    std::vector<StyleClass> classes;       ///< Graduated, ascending
    Rgb otherColor{160, 160, 160};         ///< features in no category / class (or without a value)
    bool otherVisible = true;              ///< false hides those features
    ClassMethod method = ClassMethod::EqualInterval; ///< Graduated: how classes were made
    int classCount = 5;                    ///< Graduated: classes asked for
    std::string ramp = "viridis";          ///< Graduated: colour ramp name (colorRampNames())
    std::string filter;                    ///< FilterExpression text; empty = all features shown
    std::string labelAttribute;            ///< attribute shown as label; empty = no labels

    bool operator==(const LayerStyle&) const = default;
};

const char* styleModeName(StyleMode mode);     ///< "single", "categorised", "graduated"
bool parseStyleMode(const std::string& name, StyleMode& mode);
const char* classMethodName(ClassMethod method); ///< "equalInterval", "quantile"
bool parseClassMethod(const std::string& name, ClassMethod& method);

} // namespace citytwin::data
