#pragma once
// The feeds at a glance: one row per feed of the session's last frame (name,
// connection state, messages received, samples accepted, drops in total and
// per reason) and a line for the history writer (samples committed, dropped,
// last error). Refreshed from SensorSession::frameReady, at most every
// kRefreshMs.

#include <QWidget>

#include <cstdint>

class QLabel;
class QTableWidget;

namespace citytwin::app {

class SensorSession;

/// GUI thread only.
class FeedStatusPanel : public QWidget {
    Q_OBJECT
public:
    /// Columns before the per-reason drop columns.
    enum Column { NameColumn, StateColumn, ReceivedColumn, AcceptedColumn, DroppedColumn, FirstReasonColumn };
    static constexpr int kRefreshMs = 500;

    explicit FeedStatusPanel(SensorSession& session, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    /// "History: 12,345 samples committed, 0 dropped" (and the last error).
    QString historyText() const;

    /// Re-reads the feeds and the history writer now.
    void refresh();

private:
    SensorSession& m_session;
    QTableWidget* m_table = nullptr;
    QLabel* m_history = nullptr;
    int64_t m_lastRefreshMs = 0;
};

} // namespace citytwin::app
