#include "ui/sensors/SensorUi.h"

#include "citytwin/data/sensors/SensorPalette.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>

#include <cmath>

namespace citytwin::app::sensorui {

QString formatClockTime(int64_t timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatValue(double value, const std::string& unit)
{
    if (!std::isfinite(value)) return QStringLiteral("—");
    const double a = std::fabs(value);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    const QString number = QLocale(QLocale::English).toString(value, 'f', decimals);
    if (unit.empty()) return number;
    return number + QLatin1Char(' ') + QString::fromStdString(unit);
}

QColor severityColor(data::AlertSeverity severity)
{
    switch (severity) {
    case data::AlertSeverity::Critical: return QColor(0xd3, 0x2f, 0x2f);
    case data::AlertSeverity::Warning: return QColor(0xff, 0xa0, 0x00);
    case data::AlertSeverity::Info: break;
    }
    return QColor(0x19, 0x76, 0xd2);
}

QColor toQColor(const data::Rgb& color) { return QColor(color.r, color.g, color.b); }

QColor statusQColor(data::SensorStatus status) { return toQColor(data::statusColor(status)); }

QIcon dotIcon(const QColor& color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(140));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return QIcon(pixmap);
}

QString sensorDisplayName(const data::SensorRegistry& registry, const std::string& sensorId)
{
    if (const data::Sensor* s = registry.find(sensorId); s && !s->name.empty())
        return QString::fromStdString(s->name);
    return QString::fromStdString(sensorId);
}

bool hasThresholds(const data::Sensor& sensor)
{
    return !(sensor.warning == 0 && sensor.critical == 0 && sensor.kind == data::SensorKind::Custom);
}

QString thresholdProblem(data::ThresholdDirection direction, double warning, double critical, double periodSeconds)
{
    const bool above = direction == data::ThresholdDirection::Above;
    if (above && critical < warning)
        return QCoreApplication::translate(
            "SensorUi", "the critical threshold must not be below the warning threshold when alerting above them.");
    if (!above && critical > warning)
        return QCoreApplication::translate(
            "SensorUi", "the critical threshold must not be above the warning threshold when alerting below them.");
    if (periodSeconds <= 0)
        return QCoreApplication::translate("SensorUi", "the reporting period must be longer than 0 s.");
    return {};
}

void showValidation(QLabel* label, QPushButton* ok, const QString& message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    ok->setEnabled(message.isEmpty());
}

QColor warningLineColor() { return severityColor(data::AlertSeverity::Warning); }
QColor criticalLineColor() { return severityColor(data::AlertSeverity::Critical); }

} // namespace citytwin::app::sensorui
