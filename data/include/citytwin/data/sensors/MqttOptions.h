#pragma once
// Settings of an MQTT connection (feed or publisher), and the broker URL
// syntax of the command line: mqtt://HOST[:PORT], mqtts://HOST[:PORT] or HOST[:PORT].

#include "citytwin/gis/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data {

struct MqttOptions {
    std::string host = "127.0.0.1";      ///< broker host name or address
    int port = 1883;                     ///< 1883 plain, 8883 TLS by convention
    bool tls = false;                    ///< TLS with certificate verification (never insecure)
    std::string caFile;                  ///< PEM CA certificate(s) the broker's certificate must chain to; required with tls
    std::string username;                ///< empty: no credentials
    std::string password;                ///< never logged, never stored in the project
    std::string clientId = "citytwin";   ///< fixed, so the broker keeps the session across reconnects
    bool cleanSession = false;           ///< false: persistent session (queued QoS 1 messages survive a disconnect)
    int keepAliveSeconds = 10;           ///< a dead broker is noticed within 1.5x this
    int qos = 1;                         ///< subscription / publish QoS
    /// Feed subscriptions. SensorThings ids sit inside a topic level, so `v1.1/#` is filtered by the parser.
    std::vector<std::string> topics = {"citytwin/+", "v1.1/#"};
    int reconnectMinMs = 250;            ///< first retry delay; doubles per attempt
    int reconnectMaxMs = 30'000;         ///< cap of the backoff
    double reconnectJitter = 0.3;        ///< each delay is scaled by a random factor in [1 - j, 1 + j]
};

/// Parses a broker URL into host, port and TLS, starting from `base` for the
/// other fields. Errors name the URL's problem (scheme, empty host, port range).
gis::Result<MqttOptions> parseBrokerUrl(std::string_view url, MqttOptions base = {});

/// Checks options before connecting: host, port range, CA file present and
/// readable when TLS, QoS 0..2, sane backoff. Returns the first problem, or empty.
std::string validateMqttOptions(const MqttOptions& options);

/// Exponential backoff with jitter: the delay before retry number `attempt`
/// (1-based), given a uniform random number `unit` in [0, 1).
int64_t reconnectDelayMs(const MqttOptions& options, int attempt, double unit);

} // namespace citytwin::data
