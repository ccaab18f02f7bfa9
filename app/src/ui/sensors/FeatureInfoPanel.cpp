#include "ui/sensors/FeatureInfoPanel.h"

#include "core/sensors/SensorSession.h"
#include "ui/sensors/SensorUi.h"
#include "ui/sensors/Sparkline.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cstdlib>

namespace citytwin::app {

FeatureInfoPanel::FeatureInfoPanel(SensorSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_layer = new QLabel;
    m_layer->setObjectName(QStringLiteral("featureLayerLabel"));
    QFont bold = m_layer->font();
    bold.setBold(true);
    m_layer->setFont(bold);
    m_attributes = new QTableWidget(0, 2);
    m_attributes->setObjectName(QStringLiteral("featureAttributes"));
    m_attributes->setHorizontalHeaderLabels({tr("Attribute"), tr("Value")});
    m_attributes->horizontalHeader()->setStretchLastSection(true);
    m_attributes->verticalHeader()->hide();
    m_attributes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sensorsTitle = new QLabel(tr("Sensors"));
    m_sensorsTitle->setFont(bold);
    m_sensorsBox = new QWidget;
    m_sensorsBox->setObjectName(QStringLiteral("featureSensors"));
    m_grid = new QGridLayout(m_sensorsBox);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setColumnStretch(3, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_layer);
    layout->addWidget(m_attributes, 1);
    layout->addWidget(m_sensorsTitle);
    layout->addWidget(m_sensorsBox);
    connect(&m_session, &SensorSession::frameReady, this, &FeatureInfoPanel::refresh);
    clear();
}

void FeatureInfoPanel::showFeature(const QString& layerName, const gis::AttributeList& attributes,
                                   const QStringList& sensorIds)
{
    m_layer->setText(layerName);
    m_attributes->setRowCount(int(attributes.size()));
    int r = 0;
    for (const auto& [key, value] : attributes) {
        m_attributes->setItem(r, 0, new QTableWidgetItem(QString::fromUtf8(key.data(), qsizetype(key.size()))));
        m_attributes->setItem(r, 1, new QTableWidgetItem(QString::fromUtf8(value.data(), qsizetype(value.size()))));
        ++r;
    }
    clearRows();
    for (const QString& id : sensorIds) {
        Row row;
        row.sensorId = id;
        row.dot = new QLabel;
        row.name = new QLabel;
        row.name->setTextFormat(Qt::RichText);
        row.name->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                              .arg(id.toHtmlEscaped(),
                                   sensorui::sensorDisplayName(m_session.registry(), id.toStdString()).toHtmlEscaped()));
        connect(row.name, &QLabel::linkActivated, this, &FeatureInfoPanel::sensorActivated);
        row.value = new QLabel;
        row.sparkline = new Sparkline;
        const int r = int(m_rows.size());
        m_grid->addWidget(row.dot, r, 0);
        m_grid->addWidget(row.name, r, 1);
        m_grid->addWidget(row.value, r, 2);
        m_grid->addWidget(row.sparkline, r, 3);
        m_rows.push_back(row);
    }
    m_sensorsTitle->setVisible(!m_rows.empty());
    m_sensorsBox->setVisible(!m_rows.empty());
    requerySparklines();
    refresh();
}

void FeatureInfoPanel::clear()
{
    m_layer->setText(tr("Nothing picked: click a feature in the view."));
    m_attributes->setRowCount(0);
    clearRows();
    m_sensorsTitle->hide();
    m_sensorsBox->hide();
}

void FeatureInfoPanel::clearRows()
{
    // Later: a row's own link may be what asked for the new feature.
    for (Row& row : m_rows)
        for (QWidget* w : std::initializer_list<QWidget*>{row.dot, row.name, row.value, row.sparkline}) {
            m_grid->removeWidget(w);
            w->hide();
            w->deleteLater();
        }
    m_rows.clear();
}

QString FeatureInfoPanel::layerName() const { return m_layer->text(); }

QString FeatureInfoPanel::sensorText(int index) const
{
    if (index < 0 || index >= sensorCount()) return {};
    const Row& row = m_rows[size_t(index)];
    return sensorui::sensorDisplayName(m_session.registry(), row.sensorId.toStdString()) + QStringLiteral(": ") +
           row.value->text();
}

QColor FeatureInfoPanel::sensorStatusColor(int index) const
{
    return index >= 0 && index < sensorCount() ? m_rows[size_t(index)].color : QColor();
}

QList<int> FeatureInfoPanel::sparklinePointCounts() const
{
    QList<int> counts;
    for (const Row& row : m_rows) counts << row.sparkline->pointCount();
    return counts;
}

void FeatureInfoPanel::refresh()
{
    if (m_rows.empty()) return;
    const data::SensorClock& clock = m_session.clock();
    if (clock.generation() != m_generation || std::llabs(clock.nowMs() - m_sparklineToMs) > kSparklineRequeryMs)
        requerySparklines();
    const data::HubSnapshot& snapshot = m_session.lastFrame().snapshot;
    for (Row& row : m_rows) {
        const std::string id = row.sensorId.toStdString();
        const data::Sensor* sensor = m_session.registry().find(id);
        const data::SensorState* state = snapshot.find(id);
        QString text;
        data::SensorStatus status = data::SensorStatus::Offline;
        if (!sensor) {
            text = tr("unknown sensor");
        } else if (state && state->seen) {
            text = sensorui::formatValue(state->value, sensor->unit);
            status = state->status;
        } else {
            text = tr("no data");
        }
        if (row.value->text() != text) row.value->setText(text);
        const QColor color = sensorui::statusQColor(status);
        if (color != row.color) {
            row.color = color;
            row.dot->setPixmap(sensorui::dotIcon(color).pixmap(12, 12));
            row.dot->setToolTip(QString::fromLatin1(data::sensorStatusName(status)));
        }
    }
}

void FeatureInfoPanel::requerySparklines()
{
    const data::SensorClock& clock = m_session.clock();
    m_generation = clock.generation();
    m_sparklineToMs = clock.nowMs();
    const int64_t from = m_sparklineToMs - kSparklineSpanMs;
    data::HistoryStore* history = m_session.history();
    for (Row& row : m_rows) {
        const std::string id = row.sensorId.toStdString();
        std::vector<data::HistoryPoint> points;
        if (history) {
            auto result = history->samples(id, from, m_sparklineToMs + 1, kSparklinePoints);
            if (result.ok()) points = result.takeValue();
        }
        row.sparkline->setData(std::move(points), from, m_sparklineToMs);
        const data::Sensor* sensor = m_session.registry().find(id);
        if (sensor && sensorui::hasThresholds(*sensor))
            row.sparkline->setThresholds(sensor->warning, sensor->critical);
        else
            row.sparkline->setThresholds(std::nullopt, std::nullopt);
    }
}

} // namespace citytwin::app
