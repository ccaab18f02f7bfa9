#pragma once
// libmosquitto plumbing shared by MqttFeed and MqttPublisher: library
// initialisation, an owning handle, error texts and a configured client.
// Private to citytwin_data.

#include "citytwin/data/sensors/MqttOptions.h"

#include "citytwin/gis/Result.h"

#include <memory>
#include <string>

struct mosquitto;

namespace citytwin::data::detail {

struct MosquittoDeleter {
    void operator()(mosquitto* client) const;
};
using MosquittoPtr = std::unique_ptr<mosquitto, MosquittoDeleter>;

/// Text for a libmosquitto return code (errno text for MOSQ_ERR_ERRNO; read
/// errno right after the failing call, on the same thread).
std::string mosquittoErrorText(int rc);
/// Text for a CONNACK return code ("Connection Refused: not authorised.").
std::string connackText(int rc);
/// True for CONNACK codes that retrying cannot fix (protocol, id, credentials).
bool connackIsFatal(int rc);

/// Initialises libmosquitto once, then makes a client with the options'
/// client id, session, credentials and TLS (verification on) set.
/// `userdata` is passed to the callbacks.
gis::Result<MosquittoPtr> makeMosquittoClient(const MqttOptions& options, void* userdata);

} // namespace citytwin::data::detail
