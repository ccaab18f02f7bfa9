#include "citytwin/data/sensors/MqttOptions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace citytwin::data {

gis::Result<MqttOptions> parseBrokerUrl(std::string_view url, MqttOptions base) {
    using R = gis::Result<MqttOptions>;
    const std::string source(url);
    std::string_view rest = url;
    MqttOptions o = std::move(base);
    if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
        const std::string_view name = rest.substr(0, scheme);
        if (name == "mqtt" || name == "tcp") o.tls = false;
        else if (name == "mqtts" || name == "ssl") o.tls = true;
        else return R::failure("unsupported broker URL scheme \"" + std::string(name) + "\" (use mqtt:// or mqtts://)", source);
        rest = rest.substr(scheme + 3);
    } else {
        o.tls = false;
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find_first_of("/@?#") != std::string_view::npos)
        return R::failure("broker URL must be HOST[:PORT] after the scheme (credentials go in the settings)", source);
    o.port = o.tls ? 8883 : 1883;
    std::string_view host = rest;
    if (!rest.empty() && rest.front() == '[') { // [IPv6]:port
        const size_t close = rest.find(']');
        if (close == std::string_view::npos) return R::failure("unclosed '[' in broker URL", source);
        host = rest.substr(1, close - 1);
        rest = rest.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return R::failure("unexpected text after ']' in broker URL", source);
    } else if (const size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        rest = rest.substr(colon);
    } else {
        rest = {};
    }
    if (!rest.empty()) { // ":PORT"
        const std::string_view digits = rest.substr(1);
        int port = 0;
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || port < 1 || port > 65535)
            return R::failure("invalid broker port \"" + std::string(digits) + "\" (1..65535)", source);
        o.port = port;
    }
    if (host.empty()) return R::failure("broker URL has no host", source);
    o.host = std::string(host);
    return o;
}

std::string validateMqttOptions(const MqttOptions& o) {
    if (o.host.empty()) return "no broker host";
    if (o.port < 1 || o.port > 65535) return "broker port " + std::to_string(o.port) + " out of range 1..65535";
    if (o.qos < 0 || o.qos > 2) return "QoS must be 0, 1 or 2";
    if (o.clientId.empty() && !o.cleanSession) return "a persistent session needs a client id";
    if (o.keepAliveSeconds < 5) return "keepalive must be at least 5 s";
    if (o.reconnectMinMs < 1 || o.reconnectMaxMs < o.reconnectMinMs) return "invalid reconnect backoff";
    if (o.reconnectJitter < 0 || o.reconnectJitter >= 1) return "reconnect jitter must be in [0, 1)";
    if (!o.password.empty() && o.username.empty()) return "a password needs a username";
    if (o.tls) {
        if (o.caFile.empty()) return "TLS needs a CA file (certificate verification cannot be turned off)";
        std::FILE* f = std::fopen(o.caFile.c_str(), "rb");
        if (!f) return "TLS CA file not found or not readable: " + o.caFile;
        std::fclose(f);
    }
    return {};
}

int64_t reconnectDelayMs(const MqttOptions& o, int attempt, double unit) {
    const int shift = std::clamp(attempt - 1, 0, 30);
    const double base = std::min(double(o.reconnectMaxMs), double(o.reconnectMinMs) * std::ldexp(1.0, shift));
    const double factor = 1.0 + o.reconnectJitter * (2.0 * std::clamp(unit, 0.0, 1.0) - 1.0);
    return std::max<int64_t>(1, std::llround(base * factor));
}

} // namespace citytwin::data
