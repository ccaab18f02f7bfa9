#include "ui/sensors/FeedStatusPanel.h"

#include "core/sensors/SensorSession.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace citytwin::app {
namespace {

QString count(uint64_t n) { return QLocale(QLocale::English).toString(qulonglong(n)); }

void setCell(QTableWidget* table, int row, int column, const QString& text, bool number)
{
    QTableWidgetItem* item = table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, column, item);
    }
    if (item->text() != text) item->setText(text);
}

} // namespace

FeedStatusPanel::FeedStatusPanel(SensorSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    QStringList headers{tr("Feed"), tr("State"), tr("Received"), tr("Accepted"), tr("Dropped")};
    for (size_t r = 0; r < data::kDropReasonCount; ++r)
        headers << QString::fromLatin1(data::dropReasonName(data::DropReason(r)));
    m_table = new QTableWidget(0, int(headers.size()));
    m_table->setObjectName(QStringLiteral("feedTable"));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history = new QLabel;
    m_history->setObjectName(QStringLiteral("historyLabel"));
    m_history->setWordWrap(true);
    m_history->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_history);

    connect(&m_session, &SensorSession::frameReady, this, [this]() {
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        if (now - m_lastRefreshMs >= kRefreshMs) refresh();
    });
    refresh();
}

QString FeedStatusPanel::historyText() const { return m_history->text(); }

void FeedStatusPanel::refresh()
{
    m_lastRefreshMs = QDateTime::currentMSecsSinceEpoch();
    const auto& feeds = m_session.lastFrame().snapshot.feeds;
    m_table->setRowCount(int(feeds.size()));
    for (int row = 0; row < int(feeds.size()); ++row) {
        const data::FeedStatus& feed = feeds[size_t(row)];
        const QString state = QString::fromStdString(data::describeFeedState(feed.state));
        setCell(m_table, row, NameColumn, QString::fromStdString(feed.name), false);
        setCell(m_table, row, StateColumn, state, false);
        m_table->item(row, StateColumn)->setToolTip(state);
        setCell(m_table, row, ReceivedColumn, count(feed.received), true);
        setCell(m_table, row, AcceptedColumn, count(feed.accepted), true);
        setCell(m_table, row, DroppedColumn, count(feed.drops.total()), true);
        for (size_t r = 0; r < data::kDropReasonCount; ++r)
            setCell(m_table, row, FirstReasonColumn + int(r), count(feed.drops.counts[r]), true);
    }
    data::HistoryStore* history = m_session.history();
    if (!history) {
        m_history->setText(tr("History: not kept (no history file)"));
        return;
    }
    const data::HistoryStats stats = history->stats();
    QString text = tr("History: %1 samples committed, %2 dropped").arg(count(uint64_t(stats.committed)),
                                                                        count(uint64_t(stats.dropped)));
    if (!stats.lastError.empty()) text += tr("; last error: %1").arg(QString::fromStdString(stats.lastError));
    m_history->setText(text);
}

} // namespace citytwin::app
