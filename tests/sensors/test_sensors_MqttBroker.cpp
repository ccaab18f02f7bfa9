#include "citytwin/data/sensors/LoopbackPort.h"
#include "test_sensors_MqttBroker.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace citytwin::test {
namespace {

bool acceptsConnections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

} // namespace

QString MosquittoBroker::executable() {
    const QString env = qEnvironmentVariable("CITYTWIN_MOSQUITTO");
    return env.isEmpty() ? QStringLiteral("/usr/sbin/mosquitto") : env;
}

bool MosquittoBroker::available() { return QFileInfo(executable()).isExecutable(); }

int MosquittoBroker::freePort() { return data::freeLoopbackPort(); }

MosquittoBroker::MosquittoBroker() = default;

MosquittoBroker::~MosquittoBroker() { stop(false); }

bool MosquittoBroker::start(QString* error) {
    if (running()) return true;
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    if (m_port == 0) m_port = freePort(); // a restart keeps its port, so clients come back
    const QString confPath = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    QFile conf(confPath);
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write ") + confPath;
        return false;
    }
    QString text;
    if (::geteuid() == 0) text += QStringLiteral("user root\n"); // else it drops to 'mosquitto', who cannot write our folder
    text += QStringLiteral("persistence true\npersistence_location %1/\nmax_queued_messages 0\n"
                           "log_dest file %1/mosquitto.log\nlog_type all\n"
                           "listener %2 127.0.0.1\nallow_anonymous true\n")
                .arg(m_dir.path())
                .arg(m_port);
    text += m_listenerOptions;
    conf.write(text.toUtf8());
    conf.close();

    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(executable(), {QStringLiteral("-c"), confPath});
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start ") + executable() + QStringLiteral(": ") + m_process->errorString();
        return false;
    }
    for (int i = 0; i < 200; ++i) {
        if (acceptsConnections(m_port)) return true;
        if (m_process->state() != QProcess::Running) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    *error = QStringLiteral("mosquitto did not accept connections on port %1: %2 %3")
                 .arg(m_port)
                 .arg(QString::fromUtf8(m_process->readAll()), log().right(2000));
    return false;
}

void MosquittoBroker::stop(bool graceful) {
    if (!m_process) return;
    if (m_process->state() != QProcess::NotRunning) {
        resume(); // a paused broker cannot act on SIGTERM
        if (graceful) m_process->terminate();
        else m_process->kill();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(2000);
        }
    }
    m_process.reset();
}

void MosquittoBroker::pause() {
    if (running()) ::kill(pid_t(m_process->processId()), SIGSTOP);
}

void MosquittoBroker::resume() {
    if (running()) ::kill(pid_t(m_process->processId()), SIGCONT);
}

bool MosquittoBroker::running() const { return m_process && m_process->state() == QProcess::Running; }

QString MosquittoBroker::log() const {
    QFile f(m_dir.filePath(QStringLiteral("mosquitto.log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

data::MqttOptions MosquittoBroker::options(const QString& clientId) const {
    data::MqttOptions o;
    o.host = "127.0.0.1";
    o.port = m_port;
    o.clientId = clientId.toStdString();
    o.reconnectMinMs = 100;
    o.reconnectMaxMs = 1000;
    o.keepAliveSeconds = 5;
    return o;
}

bool pumpUntil(data::SensorHub& hub, const std::function<bool()>& done, int timeoutMs,
               const std::function<void(const data::HubSnapshot&)>& onFrame) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (true) {
        const data::HubSnapshot snap = hub.coalesce(wallClockMs());
        if (onFrame) onFrame(snap);
        if (done()) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
}

int64_t wallClockMs() { return QDateTime::currentMSecsSinceEpoch(); }

} // namespace citytwin::test
