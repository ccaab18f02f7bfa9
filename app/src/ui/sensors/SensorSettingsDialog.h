#pragma once
// The project's sensor settings: per kind (of the kinds present) the unit,
// warning and critical thresholds, their direction and the reporting period
// — prefilled with the value every sensor of the kind shares, else the
// kind's default — and the history retention and auto-registration of
// unknown sensor ids. A field edited on a kind's row is written into every
// sensor of that kind; untouched fields keep each sensor's own value.

#include "citytwin/data/Project.h"
#include "citytwin/data/sensors/Sensor.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace citytwin::app {

/// GUI thread only.
class SensorSettingsDialog : public QDialog {
    Q_OBJECT
public:
    /// Columns of the kind table.
    enum Column { KindColumn, CountColumn, UnitColumn, WarningColumn, CriticalColumn, DirectionColumn, PeriodColumn };

    SensorSettingsDialog(std::vector<data::Sensor> sensors, data::ProjectFeedSettings feeds,
                         QWidget* parent = nullptr);

    /// Every sensor, with the edited kind fields applied.
    std::vector<data::Sensor> sensors() const;
    /// True when sensors() differs from the sensors given.
    bool sensorsChanged() const;
    /// The feed settings given, with retention and auto-registration as edited.
    data::ProjectFeedSettings feedSettings() const;
    /// Empty when the input is valid.
    QString validationMessage() const;

    /// The kinds listed, in row order.
    const std::vector<data::SensorKind>& kinds() const { return m_kinds; }
    /// Row of a kind; -1 when no sensor has it.
    int rowOf(data::SensorKind kind) const;
    QTableWidget* kindTable() const { return m_table; }
    QLineEdit* unitEdit(data::SensorKind kind) const;
    QDoubleSpinBox* warningSpin(data::SensorKind kind) const;
    QDoubleSpinBox* criticalSpin(data::SensorKind kind) const;
    QComboBox* directionCombo(data::SensorKind kind) const;
    QDoubleSpinBox* periodSpin(data::SensorKind kind) const;
    QSpinBox* retentionSpin() const { return m_retention; }
    QCheckBox* autoRegisterCheck() const { return m_autoRegister; }
    QPushButton* defaultsButton() const { return m_defaults; }
    QPushButton* okButton() const { return m_ok; }

    /// Puts the kind's defaults (data::sensorDefaults) into its row.
    void useDefaults(data::SensorKind kind);

private:
    /// What a row showed when the dialog opened.
    struct RowValues {
        QString unit;
        double warning = 0, critical = 0, period = 0;
        int direction = 0;
    };
    RowValues rowValues(int row) const;
    void fillRow(int row, const RowValues& values);
    void validate();

    std::vector<data::Sensor> m_sensors;
    data::ProjectFeedSettings m_feeds;
    std::vector<data::SensorKind> m_kinds;
    std::vector<RowValues> m_initial;
    QTableWidget* m_table = nullptr;
    QSpinBox* m_retention = nullptr;
    QCheckBox* m_autoRegister = nullptr;
    QPushButton* m_defaults = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace citytwin::app
