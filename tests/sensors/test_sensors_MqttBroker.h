#pragma once
// A real mosquitto broker for tests: generated config on a free 127.0.0.1
// port, persistence in a temporary folder, `max_queued_messages 0`; started
// and stopped with QProcess. Tests skip when mosquitto is missing, and fail
// when CITYTWIN_REQUIRE_SHARED_DATA=1 (CI installs it).

#include "citytwin/data/sensors/MqttOptions.h"
#include "citytwin/data/sensors/SensorHub.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

namespace citytwin::test {

class MosquittoBroker {
public:
    /// /usr/sbin/mosquitto, or $CITYTWIN_MOSQUITTO when set.
    static QString executable();
    static bool available();
    static int freePort();

    MosquittoBroker();
    ~MosquittoBroker();

    /// Extra lines for the listener (TLS: cafile, certfile, keyfile).
    void setListenerOptions(QString lines) { m_listenerOptions = std::move(lines); }
    /// Writes the config and starts the broker; waits until it accepts connections.
    bool start(QString* error);
    /// Stops: SIGTERM (the broker saves its persistence file) or SIGKILL.
    void stop(bool graceful = true);
    bool running() const;
    /// SIGSTOP / SIGCONT: the broker hangs with its sockets open, as a dead
    /// host or a stuck broker would, so only the keepalive can notice.
    void pause();
    void resume();

    int port() const { return m_port; }
    /// Picks the port now (before start), so clients can be pointed at a broker that is not up yet.
    int reservePort() {
        if (m_port == 0) m_port = freePort();
        return m_port;
    }
    QString dir() const { return m_dir.path(); }
    QString log() const;
    data::MqttOptions options(const QString& clientId) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    QString m_listenerOptions;
};

/// Calls hub.coalesce() (this thread is the hub's GUI thread) every few ms
/// until `done` or the timeout; each snapshot goes to `onFrame` first.
bool pumpUntil(data::SensorHub& hub, const std::function<bool()>& done, int timeoutMs,
               const std::function<void(const data::HubSnapshot&)>& onFrame = {});

int64_t wallClockMs();

} // namespace citytwin::test

/// Use inside a test function: skips, or fails under CITYTWIN_REQUIRE_SHARED_DATA=1.
#define CITYTWIN_REQUIRE_MOSQUITTO()                                                               \
    if (!citytwin::test::MosquittoBroker::available()) {                                         \
        const QString why = QStringLiteral("mosquitto missing: ") + citytwin::test::MosquittoBroker::executable(); \
        if (qEnvironmentVariableIntValue("CITYTWIN_REQUIRE_SHARED_DATA") == 1) QFAIL(qPrintable(why)); \
        QSKIP(qPrintable(why));                                                                  \
    }

/// Starts `broker` or fails the test with the broker's log.
#define CITYTWIN_START_BROKER(broker)                                                           \
    do {                                                                                        \
        QString brokerError_;                                                                   \
        QVERIFY2((broker).start(&brokerError_), qPrintable(brokerError_));                      \
    } while (false)
