#include "ui/LayerTreePanel.h"

#include "core/LayerStack.h"

#include <QBrush>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <functional>

namespace citytwin::app {
namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kMaxDiagnosticRows = 200;

/// A tree whose drops move whole top-level rows and report (from, to) rows
/// instead of re-parenting items.
class LayerTreeWidget : public QTreeWidget {
public:
    std::function<void(int fromRow, int toRow)> onRowMoved;

protected:
    void dropEvent(QDropEvent* e) override
    {
        QTreeWidgetItem* dragged = currentItem();
        while (dragged && dragged->parent()) dragged = dragged->parent();
        QTreeWidgetItem* target = itemAt(e->position().toPoint());
        while (target && target->parent()) target = target->parent();
        e->setDropAction(Qt::IgnoreAction);
        e->accept();
        if (!dragged) return;
        const int from = indexOfTopLevelItem(dragged);
        int to = target ? indexOfTopLevelItem(target) : topLevelItemCount() - 1;
        if (target && dropIndicatorPosition() == QAbstractItemView::BelowItem && to < from) ++to;
        if (target && dropIndicatorPosition() == QAbstractItemView::AboveItem && to > from) --to;
        if (from != to && onRowMoved) onRowMoved(from, to);
    }
};

QString severityText(gis::Severity s)
{
    switch (s) {
    case gis::Severity::Error: return QStringLiteral("error");
    case gis::Severity::Warning: return QStringLiteral("warning");
    case gis::Severity::Info: return QStringLiteral("info");
    }
    return {};
}

void addDiagnosticRows(QTreeWidgetItem* parent, const gis::Diagnostics& diagnostics)
{
    int shown = 0;
    for (const auto& d : diagnostics) {
        if (shown == kMaxDiagnosticRows) {
            new QTreeWidgetItem(parent, {QObject::tr("… %1 more").arg(diagnostics.size() - size_t(shown))});
            break;
        }
        const QString where = d.featureIndex >= 0 ? QObject::tr("feature %1: ").arg(d.featureIndex) : QString();
        auto* child = new QTreeWidgetItem(parent, {QStringLiteral("%1: %2%3").arg(
            severityText(d.severity), where, QString::fromStdString(d.message))});
        child->setToolTip(0, QString::fromStdString(d.source));
        child->setFlags(Qt::ItemIsEnabled);
        if (d.severity == gis::Severity::Error) child->setForeground(0, QBrush(Qt::red));
        ++shown;
    }
}

QString countText(const LayerEntry& e)
{
    const QLocale en(QLocale::English);
    if (e.failed) return QObject::tr("not loaded");
    if (!e.loaded) return QObject::tr("loading…");
    if (e.loaded->vector) return QObject::tr("%1 features").arg(en.toString(qlonglong(e.loaded->stats.featuresBuilt)));
    return QString::fromLatin1(gis::layerKindName(e.loaded->kind));
}

} // namespace

LayerTreePanel::LayerTreePanel(LayerStack& stack, QWidget* parent) : QWidget(parent), m_stack(stack)
{
    auto* tree = new LayerTreeWidget;
    m_tree = tree;
    m_tree->setObjectName(QStringLiteral("layerTree"));
    m_tree->setHeaderLabels({tr("Layer"), tr("Features")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    tree->onRowMoved = [this](int fromRow, int toRow) {
        const int n = m_stack.count();
        const QString id = m_tree->topLevelItem(fromRow)->data(0, kIdRole).toString();
        emit moveRequested(id, n - 1 - toRow);
    };

    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setObjectName(QStringLiteral("opacitySlider"));
    m_opacity->setRange(0, 100);
    m_opacity->setEnabled(false);
    m_opacityLabel = new QLabel(tr("Opacity"));
    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(m_opacityLabel);
    opacityRow->addWidget(m_opacity, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addLayout(opacityRow);

    connect(m_tree, &QTreeWidget::itemChanged, this, &LayerTreePanel::onItemChanged);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &LayerTreePanel::onCurrentChanged);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, &LayerTreePanel::showContextMenu);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int column) {
        if (!item->parent() && column == 1) emit zoomRequested(item->data(0, kIdRole).toString());
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        if (m_updating) return;
        const QString id = currentLayerId();
        if (!id.isEmpty()) emit opacityRequested(id, float(v) / 100.0f);
    });
    connect(&m_stack, &LayerStack::layersChanged, this, &LayerTreePanel::rebuild);
    connect(&m_stack, &LayerStack::layerChanged, this, &LayerTreePanel::refreshLayer);
    rebuild();
}

int LayerTreePanel::layerCount() const { return m_tree->topLevelItemCount(); }

QString LayerTreePanel::rowText(int row) const
{
    const auto* item = m_tree->topLevelItem(row);
    return item ? QStringLiteral("%1 — %2").arg(item->text(0), item->text(1)) : QString();
}

QString LayerTreePanel::currentLayerId() const
{
    QTreeWidgetItem* item = m_tree->currentItem();
    while (item && item->parent()) item = item->parent();
    return item ? item->data(0, kIdRole).toString() : QString();
}

void LayerTreePanel::selectLayer(const QString& id)
{
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row)
        if (m_tree->topLevelItem(row)->data(0, kIdRole).toString() == id) m_tree->setCurrentItem(m_tree->topLevelItem(row));
}

void LayerTreePanel::rebuild()
{
    const QString current = currentLayerId();
    m_updating = true;
    m_tree->clear();
    const auto& layers = m_stack.layers();
    for (int i = int(layers.size()) - 1; i >= 0; --i) {
        auto* item = new QTreeWidgetItem;
        m_tree->addTopLevelItem(item);
        fillItem(item, i);
        if (layers[size_t(i)].failed) item->setExpanded(true);
    }
    m_updating = false;
    if (!current.isEmpty()) selectLayer(current);
    onCurrentChanged();
}

void LayerTreePanel::refreshLayer(const QString& id)
{
    const int index = m_stack.indexOf(id.toStdString());
    const int row = m_stack.count() - 1 - index;
    QTreeWidgetItem* item = m_tree->topLevelItem(row);
    if (index < 0 || !item) return rebuild();
    m_updating = true;
    const bool expanded = item->isExpanded();
    qDeleteAll(item->takeChildren());
    fillItem(item, index);
    item->setExpanded(expanded);
    m_updating = false;
    if (currentLayerId() == id) onCurrentChanged();
}

void LayerTreePanel::fillItem(QTreeWidgetItem* item, int stackIndex)
{
    const LayerEntry& e = m_stack.layers()[size_t(stackIndex)];
    const QLocale en(QLocale::English);
    item->setData(0, kIdRole, QString::fromStdString(e.id));
    item->setText(0, QString::fromStdString(e.state.name));
    item->setText(1, countText(e));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsEditable |
                   Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled);
    item->setCheckState(0, e.state.visible ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(0, QString::fromStdString(e.spec.sources.empty() ? std::string() : e.spec.sources.front()));
    item->setForeground(0, e.failed ? QBrush(Qt::red) : QBrush());

    auto addInfo = [&](const QString& text) {
        auto* child = new QTreeWidgetItem(item, {text});
        child->setFlags(Qt::ItemIsEnabled);
    };
    if (e.loaded) {
        addInfo(tr("Kind: %1").arg(QString::fromLatin1(gis::layerKindName(e.loaded->kind))));
        addInfo(tr("Source CRS: %1").arg(QString::fromStdString(e.loaded->sourceCrsName)));
        if (e.loaded->vector) {
            const auto& s = e.loaded->stats;
            addInfo(tr("%1 read, %2 built, %3 skipped, %4 repaired")
                        .arg(en.toString(qlonglong(s.featuresRead)), en.toString(qlonglong(s.featuresBuilt)),
                             en.toString(qlonglong(s.featuresSkipped)), en.toString(qlonglong(s.featuresRepaired))));
        }
    }
    addDiagnosticRows(item, e.diagnostics);
}

void LayerTreePanel::onItemChanged(QTreeWidgetItem* item, int column)
{
    if (m_updating || item->parent() || column != 0) return;
    const QString id = item->data(0, kIdRole).toString();
    const LayerEntry* e = m_stack.find(id.toStdString());
    if (!e) return;
    const bool visible = item->checkState(0) == Qt::Checked;
    if (visible != e->state.visible) emit visibilityToggled(id, visible);
    const QString name = item->text(0).trimmed();
    if (!name.isEmpty() && name.toStdString() != e->state.name) emit renameRequested(id, name);
}

void LayerTreePanel::onCurrentChanged()
{
    const LayerEntry* e = m_stack.find(currentLayerId().toStdString());
    m_updating = true;
    m_opacity->setEnabled(e != nullptr);
    m_opacity->setValue(e ? int(e->state.opacity * 100.0f + 0.5f) : 100);
    m_updating = false;
}

void LayerTreePanel::showContextMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_tree->itemAt(pos);
    while (item && item->parent()) item = item->parent();
    if (!item) return;
    const QString id = item->data(0, kIdRole).toString();
    QMenu menu(this);
    menu.addAction(tr("&Zoom to Layer"), this, [this, id]() { emit zoomRequested(id); });
    menu.addAction(tr("&Properties…"), this, [this, id]() { emit propertiesRequested(id); });
    menu.addAction(tr("Re&name"), this, [this, item]() { m_tree->editItem(item, 0); });
    menu.addSeparator();
    menu.addAction(tr("&Remove"), this, [this, id]() { emit removeRequested(id); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace citytwin::app
