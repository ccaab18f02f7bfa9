#include "citytwin/gis/OsmLayers.h"

#include <algorithm>
#include <cctype>

namespace citytwin::gis {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// "monaco" for ".../monaco.osm.pbf".
std::string baseName(const std::string& source)
{
    std::string name = source.substr(source.find_last_of("/\\") + 1);
    for (const char* ext : {".osm.pbf", ".pbf", ".osm"})
        if (endsWith(lower(name), ext)) return name.substr(0, name.size() - std::string(ext).size());
    return name;
}

/// An other_tags hstore test: `"key"=>` present.
std::string hasTag(const std::string& key) { return "other_tags LIKE '%\"" + key + "\"=>%'"; }

LayerSpec themed(const std::string& source, const std::string& theme, LayerKind kind, const std::string& layer,
                 const std::string& filter)
{
    LayerSpec spec;
    spec.name = baseName(source) + " " + theme;
    spec.sources = {source};
    spec.kind = kind;
    spec.sourceLayer = layer;
    spec.attributeFilter = filter;
    return spec;
}

} // namespace

bool isOsmSource(const std::string& source)
{
    const std::string s = lower(source);
    return endsWith(s, ".osm.pbf") || endsWith(s, ".pbf") || endsWith(s, ".osm");
}

std::vector<LayerSpec> osmLayerSpecs(const std::string& source)
{
    // Column names are those of GDAL's default osmconf.ini: multipolygons have
    // building, landuse, leisure, natural, amenity columns; lines have highway
    // and waterway; points keep amenity in other_tags.
    std::vector<LayerSpec> specs;
    specs.push_back(themed(source, "buildings", LayerKind::Buildings, "multipolygons", "building IS NOT NULL"));
    specs.push_back(themed(source, "roads", LayerKind::Lines, "lines", "highway IS NOT NULL"));
    // Swimming pools count as water: in a city extract they are most of the
    // visible water (Monaco: 414 of 423 water areas).
    specs.push_back(themed(source, "water", LayerKind::Areas, "multipolygons",
                           "building IS NULL AND (\"natural\" IN ('water', 'bay', 'wetland') "
                           "OR landuse IN ('reservoir', 'basin') OR leisure IN ('swimming_pool', 'marina') "
                           "OR " + hasTag("waterway") + " OR " + hasTag("water") + ")"));
    specs.push_back(themed(source, "parks", LayerKind::Areas, "multipolygons",
                           "building IS NULL AND (leisure IN ('park', 'garden', 'nature_reserve', 'common', "
                           "'dog_park', 'playground', 'pitch', 'golf_course') "
                           "OR landuse IN ('grass', 'forest', 'meadow', 'recreation_ground', 'village_green', "
                           "'cemetery', 'orchard', 'vineyard') "
                           "OR \"natural\" IN ('wood', 'scrub', 'grassland', 'heath'))"));
    specs.push_back(themed(source, "amenities", LayerKind::Points, "points", hasTag("amenity")));
    return specs;
}

} // namespace citytwin::gis
