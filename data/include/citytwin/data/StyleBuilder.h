#pragma once
// Makes categorised and graduated styles from a layer's features: the
// categories from the distinct values of an attribute, the class breaks from
// its numbers.

#include "citytwin/data/LayerStyle.h"
#include "citytwin/gis/LayerImporter.h"

#include <cstddef>
#include <string>
#include <vector>

namespace citytwin::data {

/// The attribute names of a layer, in first-seen order (features omit null
/// fields, so the union over all features). Pure; any thread.
std::vector<std::string> layerFieldNames(const std::vector<gis::FeatureRecord>& features);

/// `style` made categorised by `attribute`: one category per distinct value,
/// most frequent first (ties by value), palette colours in that order. Values
/// beyond `maxCategories` (and features without the attribute) fall to
/// otherColor. When `style` was already categorised by the same attribute, a
/// value keeps its colour, label and visibility. Pure; any thread.
LayerStyle categorise(LayerStyle style, const std::string& attribute,
                      const std::vector<gis::FeatureRecord>& features,
                      size_t maxCategories = 50);

/// `style` made graduated by `attribute` with up to `classCount` classes
/// coloured along `ramp`. Numbers are read inside text ("12", "12 m",
/// "3,5"; gis::parseNumberInText); features without one fall to otherColor.
///  - EqualInterval: [min, max] cut into classCount equal widths.
///  - Quantile: upper break k is the value at rank ceil(k·N/classCount) of
///    the N sorted values (so 1..100 in 4 classes breaks at 25, 50, 75, 100),
///    classes that would repeat a break are merged.
/// No numbers at all gives no classes. Pure; any thread.
LayerStyle classify(LayerStyle style, const std::string& attribute, ClassMethod method,
                    int classCount, const std::string& ramp,
                    const std::vector<gis::FeatureRecord>& features);

/// "lower – upper" with short numbers ("1 – 20.8"), as class labels show.
std::string classRangeLabel(double lower, double upper);

} // namespace citytwin::data
