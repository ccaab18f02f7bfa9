#pragma once
// A small line chart of a sensor's recent history (a polyline over the time
// window) with its warning and critical thresholds as dashed lines; for
// feature info rows and lists.

#include "citytwin/data/sensors/HistoryReader.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

namespace citytwin::app {

/// GUI thread only.
class Sparkline : public QWidget {
    Q_OBJECT
public:
    explicit Sparkline(QWidget* parent = nullptr);

    /// Points (in time order) over [fromMs, toMs].
    void setData(std::vector<data::HistoryPoint> points, int64_t fromMs, int64_t toMs);
    /// Dashed lines; nothing = not drawn.
    void setThresholds(std::optional<double> warning, std::optional<double> critical);
    int pointCount() const { return int(m_points.size()); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<data::HistoryPoint> m_points;
    int64_t m_fromMs = 0;
    int64_t m_toMs = 1;
    std::optional<double> m_warning;
    std::optional<double> m_critical;
};

} // namespace citytwin::app
