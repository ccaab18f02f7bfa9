#include "ui/sensors/AlertsDockWidget.h"

#include "core/sensors/SensorSession.h"
#include "ui/sensors/SensorUi.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

namespace citytwin::app {
namespace {

constexpr int kAlertIdRole = Qt::UserRole;
constexpr int kSensorIdRole = Qt::UserRole + 1;
constexpr int kAcknowledgedRole = Qt::UserRole + 2;
constexpr int kSeverityRole = Qt::UserRole + 3;

} // namespace

AlertsDockWidget::AlertsDockWidget(SensorSession& session, QWidget* parent)
    : QWidget(parent), m_session(session)
{
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setHorizontalHeaderLabels({tr("Time"), tr("Severity"), tr("Sensor"), tr("Value"), tr("Message")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setToolTip(tr("Double-click an alert to fly to its sensor; Space or Delete acknowledges the selection"));
    m_table->installEventFilter(this);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QTableWidgetItem* item = m_table->item(row, TimeColumn);
        const QString id = item ? item->data(kSensorIdRole).toString() : QString();
        if (!id.isEmpty()) emit flyToSensor(id);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AlertsDockWidget::updateActions);

    m_acknowledge = new QPushButton(tr("&Acknowledge"));
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_acknowledge->setToolTip(tr("Acknowledge the selected alerts (Space)"));
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsDockWidget::acknowledgeSelected);
    m_acknowledgeAll = new QPushButton(tr("Acknowledge a&ll"));
    m_acknowledgeAll->setObjectName(QStringLiteral("acknowledgeAllButton"));
    connect(m_acknowledgeAll, &QPushButton::clicked, this, &AlertsDockWidget::acknowledgeAll);

    m_mute = new QToolButton;
    m_mute->setObjectName(QStringLiteral("muteButton"));
    m_mute->setText(tr("&Mute sensor"));
    m_mute->setToolTip(tr("Suppress new alerts of the selected sensor for a while (clock time)"));
    m_mute->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_mute);
    for (const auto& [minutes, label] : {std::pair{15, tr("For 15 minutes")}, std::pair{60, tr("For 1 hour")},
                                         std::pair{480, tr("For 8 hours")}}) {
        QAction* a = menu->addAction(label);
        a->setObjectName(QStringLiteral("mute%1").arg(minutes));
        const int m = minutes;
        connect(a, &QAction::triggered, this, [this, m]() { muteSelected(m); });
    }
    m_mute->setMenu(menu);
    m_unmute = new QPushButton(tr("&Unmute"));
    m_unmute->setObjectName(QStringLiteral("unmuteButton"));
    connect(m_unmute, &QPushButton::clicked, this, &AlertsDockWidget::unmuteSelected);
    m_muteLabel = new QLabel;
    m_muteLabel->setObjectName(QStringLiteral("muteLabel"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_acknowledge);
    buttons->addWidget(m_acknowledgeAll);
    buttons->addWidget(m_mute);
    buttons->addWidget(m_unmute);
    buttons->addWidget(m_muteLabel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(&m_session, &SensorSession::frameReady, this, &AlertsDockWidget::sync);
    m_generation = m_session.lastFrame().clockGeneration;
    rebuild();
}

uint64_t AlertsDockWidget::alertIdAt(int row) const
{
    const QTableWidgetItem* item = m_table->item(row, TimeColumn);
    return item ? item->data(kAlertIdRole).toULongLong() : 0;
}

QString AlertsDockWidget::selectedSensorId() const
{
    const QTableWidgetItem* item = m_table->item(m_table->currentRow(), TimeColumn);
    if (!item || !item->isSelected()) return {};
    return item->data(kSensorIdRole).toString();
}

void AlertsDockWidget::acknowledgeSelected()
{
    std::set<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) rows.insert(index.row());
    for (int row : rows) m_session.alerts().acknowledge(alertIdAt(row));
    refreshAcknowledged();
}

void AlertsDockWidget::acknowledgeAll()
{
    m_session.alerts().acknowledgeAll();
    refreshAcknowledged();
}

void AlertsDockWidget::muteSelected(int minutes)
{
    const QString id = selectedSensorId();
    if (id.isEmpty()) return;
    m_session.alerts().mute(id.toStdString(), m_session.clock().nowMs() + int64_t(minutes) * 60'000);
    updateActions();
}

void AlertsDockWidget::unmuteSelected()
{
    const QString id = selectedSensorId();
    if (id.isEmpty()) return;
    m_session.alerts().mute(id.toStdString(), m_session.clock().nowMs());
    updateActions();
}

void AlertsDockWidget::sync()
{
    const uint64_t generation = m_session.lastFrame().clockGeneration;
    if (generation != m_generation || &m_session.alerts() != m_log) {
        m_generation = generation;
        rebuild();
        return;
    }
    const auto& log = m_session.alerts().alerts();
    // Alerts the log dropped (it keeps the newest) are the bottom rows.
    const uint64_t oldest = log.empty() ? UINT64_MAX : log.front().id;
    while (m_table->rowCount() > 0 && alertIdAt(m_table->rowCount() - 1) < oldest)
        m_table->removeRow(m_table->rowCount() - 1);
    auto first = log.end();
    while (first != log.begin() && std::prev(first)->id > m_lastId) --first;
    if (first != log.end()) {
        m_table->setUpdatesEnabled(false);
        for (auto it = first; it != log.end(); ++it) insertAlert(*it);
        m_table->setUpdatesEnabled(true);
    }
    // Out of step (the log was cleared and restarted): show it afresh.
    if (size_t(m_table->rowCount()) != log.size()) {
        rebuild();
        return;
    }
    refreshAcknowledged();
}

void AlertsDockWidget::rebuild()
{
    m_table->setUpdatesEnabled(false);
    m_table->setRowCount(0);
    m_lastId = 0;
    m_log = &m_session.alerts();
    for (const data::Alert& alert : m_session.alerts().alerts()) insertAlert(alert);
    m_table->setUpdatesEnabled(true);
    refreshAcknowledged();
}

void AlertsDockWidget::insertAlert(const data::Alert& alert)
{
    const auto& registry = m_session.registry();
    const QString sensor = alert.sensorId.empty() ? QString::fromStdString(alert.feedName)
                                                  : sensorui::sensorDisplayName(registry, alert.sensorId);
    QString value;
    if (!alert.sensorId.empty() && alert.cause == data::AlertCause::Threshold) {
        const data::Sensor* s = registry.find(alert.sensorId);
        value = sensorui::formatValue(alert.value, s ? s->unit : std::string());
    }
    const QString texts[ColumnCount] = {sensorui::formatClockTime(alert.timeMs),
                                        QString::fromLatin1(data::alertSeverityName(alert.severity)), sensor, value,
                                        QString::fromStdString(alert.message)};
    m_table->insertRow(0);
    for (int c = 0; c < ColumnCount; ++c) {
        auto* item = new QTableWidgetItem(texts[c]);
        item->setToolTip(texts[MessageColumn]);
        m_table->setItem(0, c, item);
    }
    QTableWidgetItem* key = m_table->item(0, TimeColumn);
    key->setData(kAlertIdRole, QVariant::fromValue<qulonglong>(alert.id));
    key->setData(kSensorIdRole, QString::fromStdString(alert.sensorId));
    m_table->item(0, SeverityColumn)->setIcon(sensorui::dotIcon(sensorui::severityColor(alert.severity)));
    m_table->item(0, SeverityColumn)->setData(kSeverityRole, int(alert.severity));
    styleRow(0, alert.acknowledged);
    m_lastId = std::max(m_lastId, alert.id);
}

void AlertsDockWidget::styleRow(int row, bool acknowledged)
{
    const QColor text = palette().color(acknowledged ? QPalette::Disabled : QPalette::Active, QPalette::Text);
    for (int c = 0; c < ColumnCount; ++c) {
        QTableWidgetItem* item = m_table->item(row, c);
        item->setForeground(text);
        QFont font = item->font();
        font.setBold(!acknowledged && c == SeverityColumn);
        item->setFont(font);
    }
    QTableWidgetItem* severity = m_table->item(row, SeverityColumn);
    QColor fill = sensorui::severityColor(data::AlertSeverity(severity->data(kSeverityRole).toInt()));
    fill.setAlpha(acknowledged ? 50 : 140);
    severity->setBackground(fill);
    m_table->item(row, TimeColumn)->setData(kAcknowledgedRole, acknowledged);
}

void AlertsDockWidget::refreshAcknowledged()
{
    // Rows are the log in reverse (sync keeps them in step).
    const auto& log = m_session.alerts().alerts();
    const int rows = m_table->rowCount();
    for (int row = 0; row < rows && size_t(row) < log.size(); ++row) {
        const data::Alert& alert = log[log.size() - 1 - size_t(row)];
        const QTableWidgetItem* key = m_table->item(row, TimeColumn);
        if (key->data(kAlertIdRole).toULongLong() != alert.id) continue;
        if (key->data(kAcknowledgedRole).toBool() != alert.acknowledged) styleRow(row, alert.acknowledged);
    }
    updateCount();
    updateActions();
}

void AlertsDockWidget::updateCount()
{
    const int count = int(m_session.alerts().unacknowledgedCount());
    if (count == m_unacknowledged) return;
    m_unacknowledged = count;
    emit unacknowledgedChanged(count);
}

void AlertsDockWidget::updateActions()
{
    const bool any = !m_table->selectionModel()->selectedRows().isEmpty();
    m_acknowledge->setEnabled(any);
    m_acknowledgeAll->setEnabled(m_unacknowledged > 0);
    const QString id = selectedSensorId();
    const bool muted = !id.isEmpty() && m_session.alerts().isMuted(id.toStdString(), m_session.clock().nowMs());
    m_mute->setEnabled(!id.isEmpty());
    m_unmute->setEnabled(muted);
    m_muteLabel->setText(muted ? tr("%1 is muted").arg(sensorui::sensorDisplayName(m_session.registry(), id.toStdString()))
                               : QString());
}

bool AlertsDockWidget::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Space || key->key() == Qt::Key_Delete) && key->modifiers() == Qt::NoModifier) {
            acknowledgeSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace citytwin::app
