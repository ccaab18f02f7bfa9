#pragma once
// The layers of the open project, bottom to top, kept in step with the scene.

#include "core/LayerEntry.h"

#include <QObject>

#include <optional>
#include <vector>

namespace citytwin::render { class CityScene; }

namespace citytwin::app {

/// GUI thread only. Plain operations without undo; the undo commands in
/// commands/ call these. Every change is applied to the scene at once.
class LayerStack : public QObject {
    Q_OBJECT
public:
    explicit LayerStack(render::CityScene& scene, QObject* parent = nullptr);

    const std::vector<LayerEntry>& layers() const { return m_layers; }
    render::CityScene& scene() { return m_scene; }
    const LayerEntry* find(const std::string& id) const;
    int indexOf(const std::string& id) const;
    int count() const { return int(m_layers.size()); }

    /// Inserts at `index` (bottom = 0; -1 = top) and shows it in the scene.
    void insert(LayerEntry entry, int index = -1);
    /// Takes a layer out of the list and hides it in the scene (its scene
    /// layer stays until destroyScene(), so undo can bring it back).
    std::optional<LayerEntry> take(const std::string& id);
    /// Frees a taken layer's scene content.
    void destroyScene(const LayerEntry& entry);
    void move(const std::string& id, int newIndex);
    void setState(const std::string& id, const LayerState& state);
    /// Replaces a layer's data after a reload (new spec or terrain), keeping its state.
    void replaceLoaded(const std::string& id, const gis::LayerSpec& spec,
                       std::shared_ptr<const LoadedLayer> loaded, gis::Diagnostics diagnostics);
    void clear();

    /// Writes the layer's style into the scene again (e.g. after live sensor
    /// colours on some of its features were withdrawn).
    void reapplyStyle(const std::string& id);
    /// Legend rows drawn after the layers' (e.g. a sensor heat map's).
    void setExtraLegend(std::vector<render::LegendEntry> entries);

    /// Terrain under buildings, from the first visible terrain layer.
    gis::ElevationModelPtr elevation() const;

signals:
    void layersChanged();                 ///< structure changed (insert, take, move, clear)
    void layerChanged(const QString& id); ///< state or data of one layer changed

private:
    void applyState(LayerEntry& entry, bool withStyle = true);
    void applyOrder();
    void applyLegend();

    render::CityScene& m_scene;
    std::vector<LayerEntry> m_layers;
    std::vector<render::LegendEntry> m_extraLegend;
};

} // namespace citytwin::app
