#include "core/LayerStack.h"

#include "core/StyleApplier.h"

#include "citytwin/render/CityScene.h"

#include <algorithm>

namespace citytwin::app {

LayerStack::LayerStack(render::CityScene& scene, QObject* parent) : QObject(parent), m_scene(scene) {}

const LayerEntry* LayerStack::find(const std::string& id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_layers[size_t(i)];
}

int LayerStack::indexOf(const std::string& id) const
{
    for (size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].id == id) return int(i);
    return -1;
}

void LayerStack::insert(LayerEntry entry, int index)
{
    if (index < 0 || index > count()) index = count();
    m_layers.insert(m_layers.begin() + index, std::move(entry));
    applyState(m_layers[size_t(index)]);
    applyOrder();
    applyLegend();
    emit layersChanged();
}

std::optional<LayerEntry> LayerStack::take(const std::string& id)
{
    const int i = indexOf(id);
    if (i < 0) return std::nullopt;
    LayerEntry entry = std::move(m_layers[size_t(i)]);
    m_layers.erase(m_layers.begin() + i);
    if (entry.sceneId >= 0) m_scene.setLayerVisible(entry.sceneId, false);
    applyOrder();
    applyLegend();
    emit layersChanged();
    return entry;
}

void LayerStack::destroyScene(const LayerEntry& entry)
{
    if (entry.sceneId >= 0 && indexOf(entry.id) < 0) m_scene.removeLayer(entry.sceneId);
}

void LayerStack::move(const std::string& id, int newIndex)
{
    const int i = indexOf(id);
    if (i < 0) return;
    newIndex = std::clamp(newIndex, 0, count() - 1);
    if (newIndex == i) return;
    LayerEntry entry = std::move(m_layers[size_t(i)]);
    m_layers.erase(m_layers.begin() + i);
    m_layers.insert(m_layers.begin() + newIndex, std::move(entry));
    applyOrder();
    applyLegend();
    emit layersChanged();
}

void LayerStack::setState(const std::string& id, const LayerState& state)
{
    const int i = indexOf(id);
    if (i < 0) return;
    LayerEntry& entry = m_layers[size_t(i)];
    const bool styleChanged = !(entry.state.style == state.style);
    entry.state = state;
    applyState(entry, styleChanged);
    applyLegend();
    emit layerChanged(QString::fromStdString(id));
}

void LayerStack::replaceLoaded(const std::string& id, const gis::LayerSpec& spec,
                               std::shared_ptr<const LoadedLayer> loaded, gis::Diagnostics diagnostics)
{
    const int i = indexOf(id);
    if (i < 0) return;
    LayerEntry& entry = m_layers[size_t(i)];
    entry.spec = spec;
    entry.diagnostics = std::move(diagnostics);
    entry.failed = !loaded;
    if (entry.sceneId >= 0) m_scene.removeLayer(entry.sceneId);
    entry.sceneId = -1;
    entry.loaded = std::move(loaded);
    if (entry.loaded) entry.sceneId = addToScene(m_scene, *entry.loaded);
    applyState(entry);
    applyOrder();
    applyLegend();
    emit layerChanged(QString::fromStdString(id));
}

void LayerStack::clear()
{
    for (const auto& entry : m_layers)
        if (entry.sceneId >= 0) m_scene.removeLayer(entry.sceneId);
    m_layers.clear();
    m_scene.setLegend({});
    emit layersChanged();
}

gis::ElevationModelPtr LayerStack::elevation() const
{
    for (const auto& entry : m_layers)
        if (entry.state.visible && entry.loaded && entry.loaded->terrain) return entry.loaded->terrain->elevation;
    return nullptr;
}

void LayerStack::applyState(LayerEntry& entry, bool withStyle)
{
    if (entry.sceneId < 0) return;
    m_scene.setLayerVisible(entry.sceneId, entry.state.visible);
    m_scene.setLayerOpacity(entry.sceneId, entry.state.opacity);
    if (withStyle && entry.loaded && entry.loaded->vector)
        entry.legend = applyStyle(m_scene, entry.sceneId, entry.state.style, *entry.loaded->vector,
                                  &entry.styleDiagnostics);
}

void LayerStack::applyOrder()
{
    std::vector<render::LayerId> order;
    for (const auto& entry : m_layers)
        if (entry.sceneId >= 0) order.push_back(entry.sceneId);
    m_scene.setLayerOrder(order);
}

void LayerStack::applyLegend()
{
    std::vector<render::LegendEntry> legend;
    // Top layer first, as in the layer tree.
    for (auto it = m_layers.rbegin(); it != m_layers.rend(); ++it) {
        const LayerEntry& entry = *it;
        if (!entry.state.visible || !entry.loaded || !entry.loaded->vector) continue;
        if (entry.legend.empty()) continue;
        render::LegendEntry header;
        header.label = entry.state.name;
        header.isHeader = true;
        legend.push_back(header);
        legend.insert(legend.end(), entry.legend.begin(), entry.legend.end());
    }
    legend.insert(legend.end(), m_extraLegend.begin(), m_extraLegend.end());
    m_scene.setLegend(legend);
}

void LayerStack::reapplyStyle(const std::string& id)
{
    for (auto& entry : m_layers) {
        if (entry.id != id) continue;
        applyState(entry);
        emit layerChanged(QString::fromStdString(id));
        return;
    }
}

void LayerStack::setExtraLegend(std::vector<render::LegendEntry> entries)
{
    if (entries == m_extraLegend) return;
    m_extraLegend = std::move(entries);
    applyLegend();
}

} // namespace citytwin::app
