#pragma once
// The layer list: one row per opened layer with a visibility checkbox, the
// feature count, and its diagnostics (features skipped and why) as children.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/render/CityScene.h"

#include <QTreeWidget>

namespace citytwin::app {

/// GUI thread only.
class LayerListPanel : public QTreeWidget {
    Q_OBJECT
public:
    explicit LayerListPanel(QWidget* parent = nullptr);

    void addLayer(render::LayerId id, const gis::ImportedLayer& layer, const gis::Diagnostics& diagnostics);
    /// A source that could not be loaded at all: shown in red with its errors.
    void addFailedLayer(const QString& name, const gis::Diagnostics& diagnostics);

    int layerCount() const { return topLevelItemCount(); }
    /// Text of the top-level row for a layer (e.g. "boston — 22,188 features").
    QString rowText(int row) const;

signals:
    void layerVisibilityChanged(render::LayerId id, bool visible);
    void zoomToLayerRequested(render::LayerId id);

private:
    void onItemChanged(QTreeWidgetItem* item, int column);
    void addDiagnosticRows(QTreeWidgetItem* parent, const gis::Diagnostics& diagnostics);
};

} // namespace citytwin::app
