#include "MosquittoClient.h"

#include <mosquitto.h>

#include <cerrno>
#include <mutex>
#include <system_error>

namespace citytwin::data::detail {

void MosquittoDeleter::operator()(mosquitto* client) const { mosquitto_destroy(client); }

std::string mosquittoErrorText(int rc) {
    if (rc == MOSQ_ERR_ERRNO) return std::error_code(errno, std::generic_category()).message();
    if (rc == MOSQ_ERR_KEEPALIVE) return "no answer from the broker within the keepalive"; // strerror says "Unknown error"
    if (rc == MOSQ_ERR_CONN_LOST) return "the broker closed the connection";
    return mosquitto_strerror(rc);
}

std::string connackText(int rc) { return mosquitto_connack_string(rc); }

bool connackIsFatal(int rc) {
    // 1 unacceptable protocol version, 2 identifier rejected, 4 bad user name
    // or password, 5 not authorised. 3 (server unavailable) is worth retrying.
    return rc == 1 || rc == 2 || rc == 4 || rc == 5;
}

gis::Result<MosquittoPtr> makeMosquittoClient(const MqttOptions& o, void* userdata) {
    using R = gis::Result<MosquittoPtr>;
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); }); // never cleaned up: clients may live until exit
    const std::string source = (o.tls ? "mqtts://" : "mqtt://") + o.host + ":" + std::to_string(o.port);
    if (const std::string problem = validateMqttOptions(o); !problem.empty()) return R::failure(problem, source);

    MosquittoPtr client(mosquitto_new(o.clientId.empty() ? nullptr : o.clientId.c_str(), o.cleanSession, userdata));
    if (!client) return R::failure("cannot create MQTT client: " + mosquittoErrorText(MOSQ_ERR_ERRNO), source);
    mosquitto_int_option(client.get(), MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (!o.username.empty()) {
        const int rc = mosquitto_username_pw_set(client.get(), o.username.c_str(),
                                                 o.password.empty() ? nullptr : o.password.c_str());
        if (rc != MOSQ_ERR_SUCCESS) return R::failure("cannot set credentials: " + mosquittoErrorText(rc), source);
    }
    if (o.tls) {
        int rc = mosquitto_tls_set(client.get(), o.caFile.c_str(), nullptr, nullptr, nullptr, nullptr);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_tls_opts_set(client.get(), 1 /* SSL_VERIFY_PEER */, nullptr, nullptr);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_tls_insecure_set(client.get(), false); // host name checked
        if (rc != MOSQ_ERR_SUCCESS)
            return R::failure("cannot set up TLS with CA file " + o.caFile + ": " + mosquittoErrorText(rc), source);
    }
    return R(std::move(client));
}

} // namespace citytwin::data::detail
