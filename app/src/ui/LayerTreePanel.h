#pragma once
// The layer tree: one row per layer (top row = drawn on top) with a
// visibility checkbox, its name (F2 renames), feature count, and its
// diagnostics as children; drag to reorder; an opacity slider for the
// current layer; a context menu (zoom to, properties, rename, remove).
// It only shows the LayerStack and asks for changes through signals; the
// window turns those into undoable commands.

#include <QString>
#include <QWidget>

class QSlider;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace citytwin::app {

class LayerStack;

/// GUI thread only.
class LayerTreePanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerTreePanel(LayerStack& stack, QWidget* parent = nullptr);

    int layerCount() const;
    /// "name — 22,186 features" (or "name — not loaded") of the row from the top.
    QString rowText(int row) const;
    QTreeWidget* tree() const { return m_tree; }
    QSlider* opacitySlider() const { return m_opacity; }
    /// Id of the selected layer, or empty.
    QString currentLayerId() const;
    void selectLayer(const QString& id);

signals:
    void visibilityToggled(const QString& id, bool visible);
    void renameRequested(const QString& id, const QString& name);
    void opacityRequested(const QString& id, float opacity);
    void moveRequested(const QString& id, int newIndex);
    void removeRequested(const QString& id);
    void zoomRequested(const QString& id);
    void propertiesRequested(const QString& id);

private:
    void rebuild();
    void refreshLayer(const QString& id);
    void fillItem(QTreeWidgetItem* item, int stackIndex);
    void onItemChanged(QTreeWidgetItem* item, int column);
    void onCurrentChanged();
    void showContextMenu(const QPoint& pos);

    LayerStack& m_stack;
    QTreeWidget* m_tree = nullptr;
    QSlider* m_opacity = nullptr;
    QLabel* m_opacityLabel = nullptr;
    bool m_updating = false;
};

} // namespace citytwin::app
