#pragma once
// Binding sensors to city objects after the import: which sensors (all, one
// kind, the unbound ones, or the selected one), the target layer, and how —
// by key (a sensor attribute or the sensor id equals a layer attribute) or
// the nearest feature within N metres (on buildings a footprint containing
// the sensor wins). The dialog shows how many sensors the choice binds
// before OK; the window applies outcome().sensors as one undoable step.

#include "core/sensors/SensorBinder.h"
#include "ui/sensors/SensorLayerChoice.h"

#include "citytwin/data/sensors/Sensor.h"

#include <QDialog>
#include <QList>
#include <QTimer>

#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace citytwin::app {

/// GUI thread only.
class BindSensorsDialog : public QDialog {
    Q_OBJECT
public:
    enum class Which { All, Kind, Unbound, Selected };
    enum class Mode { ByKey, Nearest };

    /// What OK would do.
    struct Outcome {
        std::vector<data::Sensor> sensors; ///< every sensor, the chosen ones with their new bindings
        size_t chosen = 0;                 ///< sensors the "which" choice selects
        size_t bound = 0;                  ///< of those, given a binding
        QString error;                     ///< why nothing can be bound (no layer, CRS); empty when fine
    };

    /// `layers`: the vector layers offered; `lookup`: their loaded data.
    /// `selectedSensor`: the window's selected sensor (empty = none).
    BindSensorsDialog(std::vector<data::Sensor> sensors, QList<SensorLayerChoice> layers, LoadedLayerLookup lookup,
                      const QString& selectedSensor = {}, QWidget* parent = nullptr);

    /// The binding of the current choices (computed now if they changed).
    const Outcome& outcome() const;
    /// "12 of 40 sensors will be bound (28 not)".
    QString countText() const;

    QComboBox* whichCombo() const { return m_which; }
    QComboBox* kindCombo() const { return m_kind; }
    QComboBox* layerCombo() const { return m_layer; }
    QComboBox* modeCombo() const { return m_mode; }
    QComboBox* sensorKeyCombo() const { return m_sensorKey; }
    QComboBox* layerAttributeCombo() const { return m_layerAttribute; }
    QDoubleSpinBox* radiusSpin() const { return m_radius; }
    QCheckBox* containingCheck() const { return m_containing; }
    QLabel* countLabel() const { return m_count; }
    QPushButton* okButton() const { return m_ok; }

    /// The sensor-key entry meaning "the sensor id".
    static QString sensorIdKey();

private:
    void fillLayerAttributes();
    void invalidate();
    void refresh();
    Outcome compute() const;
    bool isChosen(const data::Sensor& sensor) const;

    std::vector<data::Sensor> m_sensors;
    QList<SensorLayerChoice> m_layers;
    LoadedLayerLookup m_lookup;
    QString m_selected;
    mutable std::optional<Outcome> m_outcome;
    QTimer m_refresh;

    QComboBox* m_which = nullptr;
    QComboBox* m_kind = nullptr;
    QComboBox* m_layer = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_sensorKey = nullptr;
    QComboBox* m_layerAttribute = nullptr;
    QDoubleSpinBox* m_radius = nullptr;
    QCheckBox* m_containing = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace citytwin::app
