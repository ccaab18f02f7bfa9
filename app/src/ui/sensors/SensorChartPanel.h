#pragma once
// A sensor's chart: the last 1 h / 6 h / 24 h / 7 d up to the clock time from
// the history (downsampled to 600 buckets: the mean as a line, min–max as a
// light band), dashed warning (amber) and critical (red) threshold lines, and
// a title with the sensor's name, current value and status. In Live mode new
// values are appended every frame; the history is queried again when the
// clock jumps or the replay clock leaves the window shown.

#include <QString>
#include <QWidget>

#include <cstdint>

class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QValueAxis;

namespace citytwin::app {

class SensorSession;

/// GUI thread only.
class SensorChartPanel : public QWidget {
    Q_OBJECT
public:
    /// Points asked of the history per query.
    static constexpr size_t kMaxPoints = 600;

    explicit SensorChartPanel(SensorSession& session, QWidget* parent = nullptr);

    /// Shows a sensor (empty = none) and queries its history.
    void setSensor(const QString& sensorId);
    QString sensor() const { return m_sensorId; }

    /// Points in the main (mean) series.
    int pointCount() const;
    /// "Traffic 42 — 1,830 veh/h (critical)".
    QString title() const;
    /// True while the "no history" message shows instead of the chart.
    bool showsEmptyState() const;

    QComboBox* spanCombo() const { return m_span; }
    QChart* chart() const { return m_chart; }
    QLineSeries* meanSeries() const { return m_mean; }
    QLineSeries* warningLine() const { return m_warning; }
    QLineSeries* criticalLine() const { return m_critical; }
    int64_t windowStartMs() const { return m_fromMs; }
    int64_t windowEndMs() const { return m_toMs; }

    /// Queries the history again for the current window.
    void reload();

private:
    int64_t spanMs() const;
    void onFrame();
    void appendLive();
    void updateThresholds();
    void updateAxes();
    void updateTitle();
    void includeInYRange(double lo, double hi);

    SensorSession& m_session;
    QString m_sensorId;
    QComboBox* m_span = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_empty = nullptr;
    QChartView* m_view = nullptr;
    QChart* m_chart = nullptr;
    QLineSeries* m_mean = nullptr;
    QLineSeries* m_upper = nullptr;
    QLineSeries* m_lower = nullptr;
    QAreaSeries* m_band = nullptr;
    QLineSeries* m_warning = nullptr;
    QLineSeries* m_critical = nullptr;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    int64_t m_fromMs = 0;
    int64_t m_toMs = 0;
    int64_t m_lastPointMs = 0;
    uint64_t m_generation = 0;
    double m_yMin = 0;
    double m_yMax = 0;
    bool m_hasY = false;
};

} // namespace citytwin::app
