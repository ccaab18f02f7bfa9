#pragma once
// A private mosquitto for `citytwin bench`: generated config on a free
// 127.0.0.1 port, persistence in a temporary folder, max_queued_messages 0.

#include "citytwin/gis/Result.h"

#include <string>
#include <sys/types.h>

namespace citytwin::app {

/// Main thread only. Stops the broker (SIGTERM, then SIGKILL) and removes its
/// folder on destruction.
class BenchBroker {
public:
    BenchBroker() = default;
    ~BenchBroker();
    BenchBroker(const BenchBroker&) = delete;
    BenchBroker& operator=(const BenchBroker&) = delete;

    /// $CITYTWIN_MOSQUITTO, else `mosquitto` on PATH, else /usr/sbin/mosquitto;
    /// empty when none is executable.
    static std::string findExecutable();

    /// Writes the config and starts the broker; waits until it accepts connections.
    gis::Result<bool> start();
    void stop();
    int port() const { return m_port; }
    const std::string& logPath() const { return m_log; }

private:
    std::string m_dir;
    std::string m_log;
    pid_t m_pid = -1;
    int m_port = 0;
};

} // namespace citytwin::app
