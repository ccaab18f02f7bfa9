#include "ui/sensors/Sparkline.h"

#include "ui/sensors/SensorUi.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace citytwin::app {

Sparkline::Sparkline(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setData(std::vector<data::HistoryPoint> points, int64_t fromMs, int64_t toMs)
{
    m_points = std::move(points);
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    update();
}

void Sparkline::setThresholds(std::optional<double> warning, std::optional<double> critical)
{
    m_warning = warning;
    m_critical = critical;
    update();
}

QSize Sparkline::sizeHint() const { return {140, 28}; }

void Sparkline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(1, 2, -1, -2);
    if (m_points.empty()) {
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        painter.drawText(area, Qt::AlignCenter, tr("no data"));
        return;
    }
    double lo = m_points.front().value, hi = lo;
    for (const auto& p : m_points) {
        lo = std::min(lo, p.value);
        hi = std::max(hi, p.value);
    }
    for (const auto& t : {m_warning, m_critical})
        if (t) {
            lo = std::min(lo, *t);
            hi = std::max(hi, *t);
        }
    if (hi - lo < 1e-9) {
        lo -= 1;
        hi += 1;
    }
    const auto x = [&](int64_t t) { return area.left() + area.width() * double(t - m_fromMs) / double(m_toMs - m_fromMs); };
    const auto y = [&](double v) { return area.bottom() - area.height() * (v - lo) / (hi - lo); };
    for (const auto& [t, color] : {std::pair{m_warning, sensorui::warningLineColor()},
                                   std::pair{m_critical, sensorui::criticalLineColor()}}) {
        if (!t) continue;
        painter.setPen(QPen(color, 1, Qt::DashLine));
        painter.drawLine(QPointF(area.left(), y(*t)), QPointF(area.right(), y(*t)));
    }
    QPainterPath path;
    path.moveTo(x(m_points.front().timeMs), y(m_points.front().value));
    for (size_t i = 1; i < m_points.size(); ++i) path.lineTo(x(m_points[i].timeMs), y(m_points[i].value));
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.drawPath(path);
}

} // namespace citytwin::app
