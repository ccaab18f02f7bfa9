#pragma once
// The alerts list: every alert of the session's log, newest first (time,
// severity, sensor, value, message), acknowledged ones dimmed. Acknowledge the
// selection (button, Space or Delete in the table) or all; mute a sensor for
// 15 min / 1 h / 8 h of clock time, or unmute it; double-click flies to the
// sensor. It follows SensorSession::frameReady incrementally and rebuilds when
// the clock jumps (the log may have been cleared).

#include <QString>
#include <QWidget>

#include <cstdint>

class QLabel;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace citytwin::data {
struct Alert;
class AlertLog;
}

namespace citytwin::app {

class SensorSession;

/// GUI thread only.
class AlertsDockWidget : public QWidget {
    Q_OBJECT
public:
    enum Column { TimeColumn, SeverityColumn, SensorColumn, ValueColumn, MessageColumn, ColumnCount };

    explicit AlertsDockWidget(SensorSession& session, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    int unacknowledgedCount() const { return m_unacknowledged; }
    /// The alert id of a table row (row 0 = newest), 0 when out of range.
    uint64_t alertIdAt(int row) const;
    /// The sensor id of the selected row (empty for feed alerts / no selection).
    QString selectedSensorId() const;

    /// Acknowledges the selected alerts / all alerts.
    void acknowledgeSelected();
    void acknowledgeAll();
    /// Mutes the selected row's sensor for `minutes` of clock time.
    void muteSelected(int minutes);
    void unmuteSelected();
    /// Re-reads the log (called on every frame).
    void sync();

signals:
    void flyToSensor(const QString& sensorId);
    /// The number of unacknowledged alerts changed (for the dock title).
    void unacknowledgedChanged(int count);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void insertAlert(const data::Alert& alert);
    void styleRow(int row, bool acknowledged);
    void refreshAcknowledged();
    void updateCount();
    void updateActions();

    SensorSession& m_session;
    QTableWidget* m_table = nullptr;
    QPushButton* m_acknowledge = nullptr;
    QPushButton* m_acknowledgeAll = nullptr;
    QToolButton* m_mute = nullptr;
    QPushButton* m_unmute = nullptr;
    QLabel* m_muteLabel = nullptr;
    uint64_t m_lastId = 0;
    uint64_t m_generation = 0;
    const data::AlertLog* m_log = nullptr; ///< the session's log of the mode shown (live or replay)
    int m_unacknowledged = -1;
};

} // namespace citytwin::app
