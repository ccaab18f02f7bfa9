#pragma once
// Editing one sensor: name, kind, unit, warning and critical thresholds and
// their direction, the expected reporting period, and where it is (a lon/lat
// point, or bound to a feature of a layer by a key attribute). Invalid input
// (critical not beyond warning in the threshold direction, a period of 0,
// an incomplete binding) shows a message and disables OK.

#include "citytwin/data/sensors/Sensor.h"
#include "ui/sensors/SensorLayerChoice.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace citytwin::app {

/// GUI thread only.
class SensorPropertiesDialog : public QDialog {
    Q_OBJECT
public:
    enum class Location { None, Point, Bound };

    SensorPropertiesDialog(data::Sensor sensor, QList<SensorLayerChoice> layers = {}, QWidget* parent = nullptr);

    /// The sensor as edited (id and other fields unchanged). With Location::Bound
    /// the sensor keeps its lon/lat; with Point its binding is cleared.
    data::Sensor sensor() const;
    /// Empty when the input is valid.
    QString validationMessage() const;

    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* kindCombo() const { return m_kind; }
    QLineEdit* unitEdit() const { return m_unit; }
    QDoubleSpinBox* warningSpin() const { return m_warning; }
    QDoubleSpinBox* criticalSpin() const { return m_critical; }
    QComboBox* directionCombo() const { return m_direction; }
    QDoubleSpinBox* periodSpin() const { return m_period; }
    QComboBox* locationCombo() const { return m_location; }
    QDoubleSpinBox* lonSpin() const { return m_lon; }
    QDoubleSpinBox* latSpin() const { return m_lat; }
    QComboBox* bindLayerCombo() const { return m_bindLayer; }
    QComboBox* keyAttributeCombo() const { return m_keyAttribute; }
    QLineEdit* featureKeyEdit() const { return m_featureKey; }
    QPushButton* okButton() const { return m_ok; }
    QLabel* validationLabel() const { return m_message; }

private:
    QWidget* createLocationPage();
    void applyKindDefaults();
    void fillAttributes();
    void validate();

    data::Sensor m_sensor;
    QList<SensorLayerChoice> m_layers;
    QLineEdit* m_name = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_unit = nullptr;
    QDoubleSpinBox* m_warning = nullptr;
    QDoubleSpinBox* m_critical = nullptr;
    QComboBox* m_direction = nullptr;
    QDoubleSpinBox* m_period = nullptr;
    QComboBox* m_location = nullptr;
    QStackedWidget* m_locationPages = nullptr;
    QDoubleSpinBox* m_lon = nullptr;
    QDoubleSpinBox* m_lat = nullptr;
    QComboBox* m_bindLayer = nullptr;
    QComboBox* m_keyAttribute = nullptr;
    QLineEdit* m_featureKey = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace citytwin::app
