#include "cli/BenchBroker.h"

#include "citytwin/data/sensors/LoopbackPort.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace citytwin::app {
namespace {

bool executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

bool acceptsConnections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr = loopback(port);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

std::string readTail(const std::string& path, size_t maxBytes) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    return s.size() > maxBytes ? s.substr(s.size() - maxBytes) : s;
}

} // namespace

std::string BenchBroker::findExecutable() {
    if (const char* env = std::getenv("CITYTWIN_MOSQUITTO"); env && *env) return executable(env) ? env : std::string();
    if (const char* path = std::getenv("PATH")) {
        std::stringstream dirs(path);
        for (std::string dir; std::getline(dirs, dir, ':');) {
            if (dir.empty()) continue;
            const std::string candidate = (std::filesystem::path(dir) / "mosquitto").string();
            if (executable(candidate)) return candidate;
        }
    }
    return executable("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : std::string();
}

BenchBroker::~BenchBroker() {
    stop();
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

gis::Result<bool> BenchBroker::start() {
    using R = gis::Result<bool>;
    const std::string exe = findExecutable();
    if (exe.empty())
        return R::failure("mosquitto not found (install the mosquitto package, put it on PATH or set "
                          "CITYTWIN_MOSQUITTO), or pass --broker mqtt://HOST:PORT");
    std::string pattern = (std::filesystem::temp_directory_path() / "citytwin-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return R::failure("cannot create a temporary folder");
    m_dir = pattern;
    m_log = m_dir + "/mosquitto.log";
    m_port = data::freeLoopbackPort();
    if (m_port == 0) return R::failure("no free port on 127.0.0.1");

    const std::string conf = m_dir + "/mosquitto.conf";
    {
        std::ofstream out(conf);
        if (::geteuid() == 0) out << "user root\n"; // else it drops to 'mosquitto', who cannot write our folder
        out << "persistence true\npersistence_location " << m_dir << "/\nmax_queued_messages 0\n"
            << "log_dest file " << m_log << "\nlog_type error\nlog_type warning\n"
            << "listener " << m_port << " 127.0.0.1\nallow_anonymous true\n";
        if (!out) return R::failure("cannot write " + conf);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, m_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::string arg0 = exe, arg1 = "-c", arg2 = conf;
    char* args[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
    const int rc = ::posix_spawn(&m_pid, exe.c_str(), &actions, nullptr, args, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        m_pid = -1;
        return R::failure("cannot start " + exe);
    }
    for (int i = 0; i < 200; ++i) {
        if (acceptsConnections(m_port)) return true;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return R::failure("mosquitto did not accept connections on 127.0.0.1:" + std::to_string(m_port) + ": " +
                      readTail(m_log, 1000));
}

void BenchBroker::stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    for (int i = 0; i < 200; ++i) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

} // namespace citytwin::app
