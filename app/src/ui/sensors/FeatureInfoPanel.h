#pragma once
// What the user picked: the feature's layer, a table of its attributes, and
// the sensors bound to it (ids given by the window), each with its name, live
// value and unit, a status dot and a sparkline of the last 6 h of history
// with its thresholds. Values follow SensorSession::frameReady; sparklines
// are queried again when the clock jumps or moves on by kSparklineRequeryMs.

#include "citytwin/gis/HeightRule.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

class QGridLayout;
class QLabel;
class QTableWidget;

namespace citytwin::app {

class SensorSession;
class Sparkline;

/// GUI thread only.
class FeatureInfoPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int64_t kSparklineSpanMs = 6 * 3'600'000LL;
    static constexpr size_t kSparklinePoints = 120;
    static constexpr int64_t kSparklineRequeryMs = 60'000;

    explicit FeatureInfoPanel(SensorSession& session, QWidget* parent = nullptr);

    /// Shows a picked feature and its bound sensors (ids unknown to the
    /// registry show as "unknown sensor").
    void showFeature(const QString& layerName, const gis::AttributeList& attributes, const QStringList& sensorIds);
    /// Nothing picked.
    void clear();

    QString layerName() const;
    QTableWidget* attributeTable() const { return m_attributes; }
    int sensorCount() const { return int(m_rows.size()); }
    /// "Traffic 42: 1,830 veh/h" of a sensor row.
    QString sensorText(int index) const;
    QColor sensorStatusColor(int index) const;
    /// Points drawn by each sensor row's sparkline, in row order.
    QList<int> sparklinePointCounts() const;

    /// Updates values and status dots (and the sparklines when due).
    void refresh();

signals:
    /// The user clicked a sensor's name (e.g. to open its chart).
    void sensorActivated(const QString& sensorId);

private:
    struct Row {
        QString sensorId;
        QLabel* dot = nullptr;
        QLabel* name = nullptr;
        QLabel* value = nullptr;
        Sparkline* sparkline = nullptr;
        QColor color;
    };
    void clearRows();
    void requerySparklines();

    SensorSession& m_session;
    QLabel* m_layer = nullptr;
    QTableWidget* m_attributes = nullptr;
    QLabel* m_sensorsTitle = nullptr;
    QWidget* m_sensorsBox = nullptr;
    QGridLayout* m_grid = nullptr;
    std::vector<Row> m_rows;
    uint64_t m_generation = 0;
    int64_t m_sparklineToMs = 0;
};

} // namespace citytwin::app
