#include "ui/LayerListPanel.h"

#include <QBrush>
#include <QHeaderView>
#include <QLocale>

namespace citytwin::app {
namespace {

constexpr int kLayerIdRole = Qt::UserRole + 1;
constexpr int kMaxDiagnosticRows = 200;

QString severityText(gis::Severity s)
{
    switch (s) {
    case gis::Severity::Error: return QStringLiteral("error");
    case gis::Severity::Warning: return QStringLiteral("warning");
    case gis::Severity::Info: return QStringLiteral("info");
    }
    return {};
}

} // namespace

LayerListPanel::LayerListPanel(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("layerList"));
    setHeaderLabels({tr("Layer")});
    header()->setStretchLastSection(true);
    setUniformRowHeights(true);
    connect(this, &QTreeWidget::itemChanged, this, &LayerListPanel::onItemChanged);
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int) {
        if (!item->parent()) emit zoomToLayerRequested(item->data(0, kLayerIdRole).toInt());
    });
}

void LayerListPanel::addLayer(render::LayerId id, const gis::ImportedLayer& layer,
                              const gis::Diagnostics& diagnostics)
{
    const QLocale locale(QLocale::English);
    auto* item = new QTreeWidgetItem();
    item->setData(0, kLayerIdRole, id);
    item->setText(0, tr("%1 — %2 features").arg(QString::fromStdString(layer.spec.name),
                                                 locale.toString(qlonglong(layer.stats.featuresBuilt))));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, Qt::Checked);
    item->setToolTip(0, QString::fromStdString(layer.spec.sources.empty() ? std::string() : layer.spec.sources.front()));

    auto addInfo = [&](const QString& text) {
        auto* child = new QTreeWidgetItem(item, {text});
        child->setFlags(Qt::ItemIsEnabled);
    };
    addInfo(tr("Source CRS: %1").arg(QString::fromStdString(layer.sourceCrsName)));
    addInfo(tr("%1 read, %2 built, %3 skipped, %4 repaired")
                .arg(locale.toString(qlonglong(layer.stats.featuresRead)),
                     locale.toString(qlonglong(layer.stats.featuresBuilt)),
                     locale.toString(qlonglong(layer.stats.featuresSkipped)),
                     locale.toString(qlonglong(layer.stats.featuresRepaired))));
    addDiagnosticRows(item, diagnostics);

    blockSignals(true);
    addTopLevelItem(item);
    blockSignals(false);
}

void LayerListPanel::addFailedLayer(const QString& name, const gis::Diagnostics& diagnostics)
{
    auto* item = new QTreeWidgetItem({tr("%1 — not loaded").arg(name)});
    item->setData(0, kLayerIdRole, -1);
    item->setForeground(0, QBrush(Qt::red));
    item->setFlags(Qt::ItemIsEnabled);
    addDiagnosticRows(item, diagnostics);
    blockSignals(true);
    addTopLevelItem(item);
    blockSignals(false);
    item->setExpanded(true);
}

QString LayerListPanel::rowText(int row) const
{
    const auto* item = topLevelItem(row);
    return item ? item->text(0) : QString();
}

void LayerListPanel::onItemChanged(QTreeWidgetItem* item, int column)
{
    if (item->parent() || column != 0) return;
    const int id = item->data(0, kLayerIdRole).toInt();
    if (id < 0) return;
    emit layerVisibilityChanged(id, item->checkState(0) == Qt::Checked);
}

void LayerListPanel::addDiagnosticRows(QTreeWidgetItem* parent, const gis::Diagnostics& diagnostics)
{
    int shown = 0;
    for (const auto& d : diagnostics) {
        if (shown == kMaxDiagnosticRows) {
            new QTreeWidgetItem(parent, {tr("… %1 more").arg(diagnostics.size() - shown)});
            break;
        }
        const QString where = d.featureIndex >= 0 ? tr("feature %1: ").arg(d.featureIndex) : QString();
        auto* child = new QTreeWidgetItem(parent, {QStringLiteral("%1: %2%3").arg(
            severityText(d.severity), where, QString::fromStdString(d.message))});
        child->setToolTip(0, QString::fromStdString(d.source));
        if (d.severity == gis::Severity::Error) child->setForeground(0, QBrush(Qt::red));
        ++shown;
    }
}

} // namespace citytwin::app
