#pragma once
// SensorBinder: sensors and the city objects they describe. Resolves a
// sensor's binding (layer id + key attribute + key value) to a feature of a
// loaded vector layer, binds sensors to the nearest feature, places sensors in
// the scene CRS and colours bound features from a frame.

#include "core/LayerEntry.h"
#include "core/LayerMeshes.h"

#include "citytwin/data/Rgb.h"
#include "citytwin/data/sensors/SensorHub.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace citytwin::app {

struct SensorFrame;

/// A binding's keyAttribute meaning "the feature's source FID" (OGR FID;
/// with several sources the first feature with that FID wins).
inline constexpr std::string_view kFidKeyAttribute = "fid";

/// One feature of one project layer.
struct FeatureRef {
    std::string layerId;
    uint32_t featureIndex = 0; ///< into ImportedLayer::features (and the feature-state texture)
    bool operator==(const FeatureRef&) const = default;
};

/// sensor id → its feature, for the sensors whose binding resolved.
using ResolvedBindings = std::unordered_map<std::string, FeatureRef>;

/// The loaded vector layer of a project layer id; null when there is none
/// (unknown id, still loading, failed, or not a vector layer).
using VectorLayerLookup = std::function<std::shared_ptr<const gis::ImportedLayer>(const std::string& layerId)>;

/// The loaded layer of a project layer id, for what needs more than its
/// features (binding to the nearest feature reads its meshes: LayerMeshes);
/// null when there is none.
using LoadedLayerLookup = std::function<std::shared_ptr<const LoadedLayer>(const std::string& layerId)>;

/// A lookup over the app's layers (LayerStack::layers()); `layers` must
/// outlive the lookup. GUI thread.
VectorLayerLookup vectorLayerLookup(const std::vector<LayerEntry>& layers);

/// The key of a feature under `keyAttribute`: the attribute's value (as
/// read; numbers in the source's text form), the FID for kFidKeyAttribute,
/// or nothing when the feature lacks the attribute. Pure; any thread.
std::optional<std::string> featureKey(const gis::FeatureRecord& feature, std::string_view keyAttribute);

/// Key value → feature index of one layer under one key attribute (the first
/// feature wins when keys repeat). Pure value; any thread once built.
class FeatureKeyIndex {
public:
    FeatureKeyIndex(const gis::ImportedLayer& layer, std::string_view keyAttribute);
    std::optional<uint32_t> find(std::string_view key) const;
    size_t size() const { return m_index.size(); }
    size_t repeatedKeys() const { return m_repeated; } ///< features whose key an earlier one already had

private:
    std::unordered_map<std::string, uint32_t> m_index;
    size_t m_repeated = 0;
};

/// Resolves bindings by key, keeping one FeatureKeyIndex per (layer, key
/// attribute), built on first use and rebuilt only when the layer's data
/// object changes (a reload). One thread at a time (the GUI thread).
class SensorBinder {
public:
    /// Every sensor whose binding names a loaded layer and a key found in it.
    ResolvedBindings resolve(const std::vector<data::Sensor>& sensors, const VectorLayerLookup& layers);
    /// Forgets the cached indexes.
    void clear() { m_cache.clear(); }
    size_t cachedIndexes() const { return m_cache.size(); }

private:
    struct Cached {
        std::weak_ptr<const gis::ImportedLayer> layer;
        const gis::ImportedLayer* identity = nullptr;
        std::shared_ptr<const FeatureKeyIndex> index;
    };
    const FeatureKeyIndex& indexFor(const std::string& layerId, const std::string& keyAttribute,
                                    const std::shared_ptr<const gis::ImportedLayer>& layer);
    std::map<std::pair<std::string, std::string>, Cached> m_cache;
};

struct BindNearestOptions {
    std::string layerId;            ///< the project layer id written into the bindings
    std::string keyAttribute;       ///< attribute whose value becomes the featureKey; empty = kFidKeyAttribute
    double radiusMeters = 50;       ///< farther features are not bound
    bool rebind = false;            ///< false: sensors already bound are left alone
    /// Buildings and areas: a footprint containing the sensor wins over a
    /// nearer centroid (a sensor on a big building binds to that building).
    bool preferContaining = true;
};

struct BindNearestReport {
    size_t bound = 0;                 ///< sensors given a binding
    std::vector<std::string> unbound; ///< sensors with lonLat and no feature within the radius (or no key)
};

/// Binds sensors with lonLat (WGS 84) to the nearest feature of the layer of
/// `meshes` (lines: distance to the drawn ribbon; buildings and areas: a
/// containing footprint first, then centroid distance; points: centroid
/// distance, all in the layer's scene CRS), writing
/// {layerId, keyAttribute, featureKey} into their binding. Only meshes near
/// a sensor are read (of a paged layer: from the tile cache). Fails when the
/// scene CRS cannot be reached from WGS 84 or a paged layer's meshes cannot be
/// read. Any thread (it makes its own PROJ transformer and cache connection).
gis::Result<BindNearestReport> bindNearest(std::vector<data::Sensor>& sensors, const LayerMeshes& meshes,
                                           const BindNearestOptions& options);

/// Where a marker goes, in the scene CRS (metres).
struct SensorPosition {
    std::string sensorId;
    gis::DVec3 position;      ///< x, y in the scene CRS; z: top of the bound feature, else 0 (ground)
    bool onFeature = false;   ///< z is the bound feature's top (base + height)
    bool operator==(const SensorPosition&) const = default;
};

/// Positions of the sensors that have one: lonLat transformed to the scene
/// frame's CRS; sensors without lonLat at their bound feature's centroid.
/// Sensors with neither are left out. Any thread.
gis::Result<std::vector<SensorPosition>> sensorPositions(const std::vector<data::Sensor>& sensors,
                                                         const gis::SceneFrame& frame,
                                                         const ResolvedBindings& resolved,
                                                         const VectorLayerLookup& layers);

/// One feature's colour.
struct FeatureColor {
    uint32_t featureIndex = 0;
    data::Rgb color;
    bool operator==(const FeatureColor&) const = default;
};

/// Colours of bound features, per layer id, sorted by feature index:
/// data::valueColor(kind, value) for a sensor with a current value,
/// data::statusColor for a stale, offline or never-seen one. When several
/// sensors share a feature, a current value wins over a stale one, then the
/// more severe status, then the later sensor in the snapshot. Pure; any thread.
std::map<std::string, std::vector<FeatureColor>> boundFeatureColors(const data::HubSnapshot& snapshot,
                                                                    const data::SensorRegistry& registry,
                                                                    const ResolvedBindings& resolved);
/// The same for a session frame (its snapshot).
std::map<std::string, std::vector<FeatureColor>> boundFeatureColors(const SensorFrame& frame,
                                                                    const data::SensorRegistry& registry,
                                                                    const ResolvedBindings& resolved);

} // namespace citytwin::app
