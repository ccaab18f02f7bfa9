#pragma once
// Small helpers the sensor widgets share: how times, values, severities and
// statuses look, and how a sensor is named. GUI thread only (QIcon/QPixmap).

#include "citytwin/data/Rgb.h"
#include "citytwin/data/sensors/AlertLog.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/data/sensors/SensorRegistry.h"

#include <QColor>
#include <QIcon>
#include <QString>

#include <cstdint>
#include <string>

class QLabel;
class QPushButton;

namespace citytwin::app::sensorui {

/// Clock time (epoch ms, UTC) as local "yyyy-MM-dd HH:mm:ss".
QString formatClockTime(int64_t timeMs);

/// "1,830 veh/h", "27.4 µg/m³", "2.35": fewer decimals for bigger values.
QString formatValue(double value, const std::string& unit);

/// Critical red, warning amber, info blue.
QColor severityColor(data::AlertSeverity severity);

QColor toQColor(const data::Rgb& color);
/// The marker colour of a status (data::statusColor).
QColor statusQColor(data::SensorStatus status);

/// A filled circle of `color`, for table cells and list rows.
QIcon dotIcon(const QColor& color, int size = 12);

/// The registry's name of a sensor, or its id when it has no name or is unknown.
QString sensorDisplayName(const data::SensorRegistry& registry, const std::string& sensorId);

/// False for a Custom sensor whose thresholds are both 0 (none set), as
/// data::statusForValue treats it.
bool hasThresholds(const data::Sensor& sensor);

/// Why a sensor's thresholds and period cannot be kept, as a clause in lower
/// case ("the critical threshold must not be below ..."), or empty when they can.
QString thresholdProblem(data::ThresholdDirection direction, double warning, double critical, double periodSeconds);

/// Shows a dialog's validation `message` in `label` (hidden when empty) and
/// enables `ok` only when there is none.
void showValidation(QLabel* label, QPushButton* ok, const QString& message);

/// The dashed line colour of a threshold: warning amber, critical red.
QColor warningLineColor();
QColor criticalLineColor();

} // namespace citytwin::app::sensorui
