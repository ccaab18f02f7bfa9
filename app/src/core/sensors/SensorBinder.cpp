#include "core/sensors/SensorBinder.h"

#include "core/sensors/SensorSession.h"

#include "citytwin/data/sensors/SensorPalette.h"

#include <algorithm>

namespace citytwin::app {

VectorLayerLookup vectorLayerLookup(const std::vector<LayerEntry>& layers) {
    return [&layers](const std::string& layerId) -> std::shared_ptr<const gis::ImportedLayer> {
        for (const LayerEntry& e : layers)
            if (e.id == layerId) return e.loaded ? e.loaded->vector : nullptr;
        return nullptr;
    };
}

std::optional<std::string> featureKey(const gis::FeatureRecord& feature, std::string_view keyAttribute) {
    if (keyAttribute == kFidKeyAttribute) {
        // An attribute really called "fid" is the FID in GeoPackages; prefer the record's own.
        if (feature.sourceFid >= 0) return std::to_string(feature.sourceFid);
    }
    for (const auto& [name, value] : feature.attributes)
        if (name == keyAttribute) return std::string(value);
    return std::nullopt;
}

FeatureKeyIndex::FeatureKeyIndex(const gis::ImportedLayer& layer, std::string_view keyAttribute) {
    m_index.reserve(layer.features.size());
    for (size_t i = 0; i < layer.features.size(); ++i) {
        std::optional<std::string> key = featureKey(layer.features[i], keyAttribute);
        if (!key) continue;
        if (!m_index.emplace(std::move(*key), uint32_t(i)).second) ++m_repeated;
    }
}

std::optional<uint32_t> FeatureKeyIndex::find(std::string_view key) const {
    const auto it = m_index.find(std::string(key));
    if (it == m_index.end()) return std::nullopt;
    return it->second;
}

const FeatureKeyIndex& SensorBinder::indexFor(const std::string& layerId, const std::string& keyAttribute,
                                              const std::shared_ptr<const gis::ImportedLayer>& layer) {
    Cached& c = m_cache[{layerId, keyAttribute}];
    // Same object still alive = same data; a reload brings a new object.
    if (!c.index || c.identity != layer.get() || c.layer.expired()) {
        c.index = std::make_shared<const FeatureKeyIndex>(*layer, keyAttribute);
        c.layer = layer;
        c.identity = layer.get();
    }
    return *c.index;
}

ResolvedBindings SensorBinder::resolve(const std::vector<data::Sensor>& sensors, const VectorLayerLookup& layers) {
    ResolvedBindings out;
    std::map<std::string, std::shared_ptr<const gis::ImportedLayer>> seen; // one lookup per layer
    for (const data::Sensor& s : sensors) {
        const data::SensorBinding& b = s.binding;
        if (b.layerId.empty() || b.featureKey.empty()) continue;
        auto it = seen.find(b.layerId);
        if (it == seen.end()) it = seen.emplace(b.layerId, layers ? layers(b.layerId) : nullptr).first;
        if (!it->second) continue;
        const std::string& attribute = b.keyAttribute.empty() ? std::string(kFidKeyAttribute) : b.keyAttribute;
        if (const auto index = indexFor(b.layerId, attribute, it->second).find(b.featureKey))
            out.emplace(s.id, FeatureRef{b.layerId, *index});
    }
    return out;
}

namespace {

/// Higher wins when sensors share a feature.
int colourRank(data::SensorStatus status) {
    switch (status) {
    case data::SensorStatus::Critical: return 4;
    case data::SensorStatus::Warning: return 3;
    case data::SensorStatus::Ok: return 2;
    case data::SensorStatus::Stale: return 1;
    case data::SensorStatus::Offline: return 0;
    }
    return 0;
}

data::Rgb colourOf(const data::Sensor& sensor, const data::SensorState& state) {
    if (!state.seen || state.status == data::SensorStatus::Stale || state.status == data::SensorStatus::Offline)
        return data::statusColor(state.seen ? state.status : data::SensorStatus::Offline);
    return data::valueColor(sensor.kind, state.value);
}

} // namespace

std::map<std::string, std::vector<FeatureColor>> boundFeatureColors(const data::HubSnapshot& snapshot,
                                                                    const data::SensorRegistry& registry,
                                                                    const ResolvedBindings& resolved) {
    struct Pick {
        int rank = -1;
        data::Rgb color;
    };
    std::map<std::string, std::map<uint32_t, Pick>> picks;
    for (const data::SensorState& state : snapshot.sensors) {
        const auto bound = resolved.find(state.sensorId);
        if (bound == resolved.end()) continue;
        const data::Sensor* sensor = registry.find(state.sensorId);
        if (!sensor) continue;
        const int rank = colourRank(state.seen ? state.status : data::SensorStatus::Offline);
        Pick& p = picks[bound->second.layerId][bound->second.featureIndex];
        if (rank >= p.rank) p = {rank, colourOf(*sensor, state)};
    }
    std::map<std::string, std::vector<FeatureColor>> out;
    for (const auto& [layerId, features] : picks) {
        std::vector<FeatureColor>& list = out[layerId];
        list.reserve(features.size());
        for (const auto& [index, pick] : features) list.push_back({index, pick.color});
    }
    return out;
}

std::map<std::string, std::vector<FeatureColor>> boundFeatureColors(const SensorFrame& frame,
                                                                    const data::SensorRegistry& registry,
                                                                    const ResolvedBindings& resolved) {
    return boundFeatureColors(frame.snapshot, registry, resolved);
}

} // namespace citytwin::app
