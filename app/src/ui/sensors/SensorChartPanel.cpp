#include "ui/sensors/SensorChartPanel.h"

#include "core/sensors/SensorSession.h"
#include "ui/sensors/SensorUi.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace citytwin::app {
namespace {

constexpr int64_t kHourMs = 3'600'000;

QPen thresholdPen(const QColor& color)
{
    QPen pen(color);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    return pen;
}

} // namespace

SensorChartPanel::SensorChartPanel(SensorSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_span = new QComboBox;
    m_span->setObjectName(QStringLiteral("chartSpanCombo"));
    m_span->addItem(tr("Last hour"), QVariant::fromValue<qlonglong>(kHourMs));
    m_span->addItem(tr("Last 6 hours"), QVariant::fromValue<qlonglong>(6 * kHourMs));
    m_span->addItem(tr("Last 24 hours"), QVariant::fromValue<qlonglong>(24 * kHourMs));
    m_span->addItem(tr("Last 7 days"), QVariant::fromValue<qlonglong>(7 * 24 * kHourMs));
    m_span->setCurrentIndex(2);
    connect(m_span, &QComboBox::currentIndexChanged, this, &SensorChartPanel::reload);

    m_chart = new QChart;
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_mean = new QLineSeries;
    m_mean->setObjectName(QStringLiteral("meanSeries"));
    m_mean->setName(tr("Mean"));
    m_band = new QAreaSeries;
    m_band->setName(tr("Min–max"));
    m_upper = new QLineSeries(m_band);
    m_lower = new QLineSeries(m_band);
    m_band->setUpperSeries(m_upper);
    m_band->setLowerSeries(m_lower);
    QColor bandColor = QColor(0x19, 0x76, 0xd2);
    bandColor.setAlpha(50);
    m_band->setBrush(bandColor);
    m_band->setPen(Qt::NoPen);
    m_warning = new QLineSeries;
    m_warning->setObjectName(QStringLiteral("warningLine"));
    m_warning->setName(tr("Warning"));
    m_warning->setPen(thresholdPen(sensorui::warningLineColor()));
    m_critical = new QLineSeries;
    m_critical->setObjectName(QStringLiteral("criticalLine"));
    m_critical->setName(tr("Critical"));
    m_critical->setPen(thresholdPen(sensorui::criticalLineColor()));
    m_xAxis = new QDateTimeAxis;
    m_xAxis->setTickCount(5);
    m_yAxis = new QValueAxis;
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_band, m_mean, m_warning, m_critical}) {
        m_chart->addSeries(s);
        s->attachAxis(m_xAxis);
        s->attachAxis(m_yAxis);
    }
    QPen meanPen(QColor(0x19, 0x76, 0xd2));
    meanPen.setWidthF(1.5);
    m_mean->setPen(meanPen);

    m_view = new QChartView(m_chart);
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_empty = new QLabel;
    m_empty->setObjectName(QStringLiteral("chartEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);

    auto* header = new QHBoxLayout;
    header->addStretch(1);
    header->addWidget(m_span);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    connect(&m_session, &SensorSession::frameReady, this, &SensorChartPanel::onFrame);
    connect(&m_session, &SensorSession::sensorsChanged, this, [this]() {
        updateThresholds();
        updateTitle();
    });
    reload();
}

void SensorChartPanel::setSensor(const QString& sensorId)
{
    m_sensorId = sensorId;
    reload();
}

int SensorChartPanel::pointCount() const { return int(m_mean->count()); }

QString SensorChartPanel::title() const { return m_chart->title(); }

bool SensorChartPanel::showsEmptyState() const { return m_stack->currentWidget() == m_empty; }

int64_t SensorChartPanel::spanMs() const { return m_span->currentData().toLongLong(); }

void SensorChartPanel::reload()
{
    const data::SensorClock& clock = m_session.clock();
    m_generation = clock.generation();
    m_toMs = clock.nowMs();
    m_fromMs = m_toMs - spanMs();
    m_lastPointMs = 0;
    m_hasY = false;
    QList<QPointF> mean, upper, lower;
    data::HistoryStore* history = m_session.history();
    if (!m_sensorId.isEmpty() && history) {
        auto points = history->samples(m_sensorId.toStdString(), m_fromMs, m_toMs + 1, kMaxPoints);
        if (points.ok()) {
            for (const data::HistoryPoint& p : points.value()) {
                mean.append(QPointF(double(p.timeMs), p.value));
                upper.append(QPointF(double(p.timeMs), p.max));
                lower.append(QPointF(double(p.timeMs), p.min));
                includeInYRange(p.min, p.max);
                m_lastPointMs = p.timeMs;
            }
        }
    }
    m_mean->replace(mean);
    m_upper->replace(upper);
    m_lower->replace(lower);
    updateThresholds();
    updateAxes();
    updateTitle();
    const bool empty = mean.isEmpty();
    if (m_sensorId.isEmpty()) m_empty->setText(tr("Pick a sensor to see its history."));
    else if (!history) m_empty->setText(tr("%1\n\nNo history is kept (no history file).").arg(title()));
    else m_empty->setText(tr("%1\n\nNo history in the %2.").arg(title(), m_span->currentText().toLower()));
    m_stack->setCurrentWidget(empty ? static_cast<QWidget*>(m_empty) : m_view);
}

void SensorChartPanel::onFrame()
{
    if (m_sensorId.isEmpty()) return;
    const data::SensorClock& clock = m_session.clock();
    if (clock.generation() != m_generation) {
        reload();
        return;
    }
    const int64_t now = clock.nowMs();
    if (clock.isLive()) {
        appendLive();
    } else if (now < m_fromMs || now > m_toMs + spanMs() / 50) {
        reload();
        return;
    }
    updateTitle();
}

void SensorChartPanel::appendLive()
{
    const data::SensorState* state = m_session.lastFrame().snapshot.find(m_sensorId.toStdString());
    if (state && state->seen && state->timeMs > m_lastPointMs) {
        const QPointF p(double(state->timeMs), state->value);
        m_mean->append(p);
        m_upper->append(p);
        m_lower->append(p);
        includeInYRange(state->value, state->value);
        m_lastPointMs = state->timeMs;
        if (m_stack->currentWidget() == m_empty) m_stack->setCurrentWidget(m_view);
    }
    const int64_t now = m_session.clock().nowMs();
    // Slide the window; redraw the axis only when it moved a visible amount.
    if (now - m_toMs > spanMs() / 1000) {
        m_toMs = now;
        m_fromMs = now - spanMs();
        if (m_mean->count() > int(2 * kMaxPoints)) {
            reload();
            return;
        }
        updateThresholds();
        updateAxes();
    }
}

void SensorChartPanel::includeInYRange(double lo, double hi)
{
    if (!m_hasY) {
        m_yMin = lo;
        m_yMax = hi;
        m_hasY = true;
    }
    const bool grew = lo < m_yMin || hi > m_yMax;
    m_yMin = std::min(m_yMin, lo);
    m_yMax = std::max(m_yMax, hi);
    if (grew) updateAxes();
}

void SensorChartPanel::updateThresholds()
{
    const data::Sensor* sensor = m_session.registry().find(m_sensorId.toStdString());
    const bool show = sensor && sensorui::hasThresholds(*sensor);
    m_warning->clear();
    m_critical->clear();
    if (!show) return;
    m_warning->append({QPointF(double(m_fromMs), sensor->warning), QPointF(double(m_toMs), sensor->warning)});
    m_critical->append({QPointF(double(m_fromMs), sensor->critical), QPointF(double(m_toMs), sensor->critical)});
    m_warning->setName(tr("Warning %1").arg(sensorui::formatValue(sensor->warning, sensor->unit)));
    m_critical->setName(tr("Critical %1").arg(sensorui::formatValue(sensor->critical, sensor->unit)));
}

void SensorChartPanel::updateAxes()
{
    m_xAxis->setFormat(spanMs() > 24 * kHourMs ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm"));
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs), QDateTime::fromMSecsSinceEpoch(m_toMs));
    double lo = m_hasY ? m_yMin : 0, hi = m_hasY ? m_yMax : 1;
    for (const QLineSeries* line : {m_warning, m_critical})
        if (line->count() > 0) {
            lo = std::min(lo, line->at(0).y());
            hi = std::max(hi, line->at(0).y());
        }
    const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(1.0, std::abs(hi) * 0.05);
    m_yAxis->setRange(lo - pad, hi + pad);
    const data::Sensor* sensor = m_session.registry().find(m_sensorId.toStdString());
    m_yAxis->setTitleText(sensor ? QString::fromStdString(sensor->unit) : QString());
}

void SensorChartPanel::updateTitle()
{
    if (m_sensorId.isEmpty()) {
        m_chart->setTitle(QString());
        return;
    }
    const std::string id = m_sensorId.toStdString();
    const QString name = sensorui::sensorDisplayName(m_session.registry(), id);
    const data::SensorState* state = m_session.lastFrame().snapshot.find(id);
    const data::Sensor* sensor = m_session.registry().find(id);
    QString text;
    if (state && state->seen)
        text = tr("%1 — %2 (%3)").arg(name, sensorui::formatValue(state->value, sensor ? sensor->unit : std::string()),
                                      QString::fromLatin1(data::sensorStatusName(state->status)));
    else
        text = tr("%1 — no data").arg(name);
    if (text != m_chart->title()) m_chart->setTitle(text);
}

} // namespace citytwin::app
