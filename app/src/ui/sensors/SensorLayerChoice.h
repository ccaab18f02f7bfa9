#pragma once
// The project layers the sensor dialogs offer for binding sensors to city
// objects, and the binding the import dialog asks the window to apply.

#include <QString>
#include <QStringList>

namespace citytwin::app {

/// One vector layer a sensor can be bound to.
struct SensorLayerChoice {
    QString id;              ///< LayerEntry id
    QString name;            ///< as the layer tree shows it
    QStringList attributes;  ///< attribute names of its features
    bool operator==(const SensorLayerChoice&) const = default;
};

/// How imported sensors should be bound to features (the window applies it
/// through the app's binder after the import).
struct SensorBindRequest {
    enum class Mode {
        None,    ///< keep the sensors' own positions
        ByKey,   ///< feature whose keyAttribute equals the sensor's sensorColumn value
        Nearest, ///< nearest feature of the layer within radiusMeters
    };
    Mode mode = Mode::None;
    QString layerId;
    QString keyAttribute;       ///< ByKey: the layer attribute holding the key
    QString sensorColumn;       ///< ByKey: the import column holding the key; each
                                ///< sensor carries its value in Sensor::attributes[sensorColumn]
    double radiusMeters = 25;   ///< Nearest: search radius
    bool operator==(const SensorBindRequest&) const = default;
};

} // namespace citytwin::app
