#pragma once
// Helpers of the sensor binding tests: a real layer loaded as the app loads
// it, a lookup that knows only that layer, and plain sensors to bind.

#include "core/LayerLoader.h"
#include "core/sensors/SensorBinder.h"

#include "citytwin/data/sensors/Sensor.h"

#include <memory>
#include <optional>
#include <string>

namespace citytwin::test {

/// Loads `path` as the app does (its first layer spec) into `loaded`, from
/// and into the tile cache `cachePath` when one is given. Empty on success,
/// else why it failed.
inline std::string loadVectorLayer(const std::string& path, std::shared_ptr<const app::LoadedLayer>& loaded,
                                   const std::string& cachePath = {})
{
    const auto specs = app::specsForInput(path);
    if (specs.empty()) return "no layer in " + path;
    app::LoadContext context;
    context.cachePath = cachePath;
    auto result = app::loadLayer(specs.front(), context);
    if (!result.ok()) return result.firstError();
    loaded = std::make_shared<const app::LoadedLayer>(result.takeValue());
    return loaded->vector ? std::string() : path + " is not a vector layer";
}

/// The same, keeping only the built layer.
inline std::string loadVectorLayer(const std::string& path, std::shared_ptr<const gis::ImportedLayer>& layer)
{
    std::shared_ptr<const app::LoadedLayer> loaded;
    std::string error = loadVectorLayer(path, loaded);
    if (error.empty()) layer = loaded->vector;
    return error;
}

/// A lookup that answers `layer` for `layerId` and nothing for any other id.
inline app::VectorLayerLookup singleLayerLookup(std::string layerId, std::shared_ptr<const gis::ImportedLayer> layer)
{
    return [layerId = std::move(layerId), layer = std::move(layer)](const std::string& id) {
        return id == layerId ? layer : std::shared_ptr<const gis::ImportedLayer>();
    };
}

/// The same for the lookups that need the whole loaded layer.
inline app::LoadedLayerLookup singleLoadedLayerLookup(std::string layerId, std::shared_ptr<const app::LoadedLayer> layer)
{
    return [layerId = std::move(layerId), layer = std::move(layer)](const std::string& id) {
        return id == layerId ? layer : std::shared_ptr<const app::LoadedLayer>();
    };
}

/// A sensor with the defaults of `kind`, named after its id, at `lonLat`.
inline data::Sensor sensorAt(const std::string& id, data::SensorKind kind, std::optional<gis::DVec2> lonLat)
{
    data::Sensor s = data::sensorDefaults(kind);
    s.id = id;
    s.name = id;
    s.lonLat = lonLat;
    return s;
}

} // namespace citytwin::test
