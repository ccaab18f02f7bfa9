#pragma once
// A free TCP port on the loopback interface, for a private broker (the
// sensor benchmark's own mosquitto, test brokers). Any thread.

namespace citytwin::data {

/// A port the system just handed out on 127.0.0.1 (0 when none could be
/// had). Free when returned; another process may take it before it is used.
int freeLoopbackPort();

} // namespace citytwin::data
