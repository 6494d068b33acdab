#include "scenarios/object_specs.hpp"
#include "scenarios/readers.hpp"

namespace chaossim::scenarios {

namespace {
const EnumTable<HttpProtocol> protocols{{"http1", HttpProtocol::http1}, {"http2", HttpProtocol::http2}};
}  // namespace

void read_connections(ObjectReader& r, std::optional<Connections>& out) {
  const json* node = r.get("connections");
  if (node == nullptr) return;
  ObjectReader cr(r.context(), node, r.path_of("connections"), specs::connections);
  Connections c;
  c.protocol = cr.enumeration("protocol", Need::optional, protocols).value_or(c.protocol);
  // gRPC keeps one HTTP/2 connection to each address and multiplexes on it.
  if (c.protocol == HttpProtocol::http2) c.size = 1;
  c.size = static_cast<int>(cr.integer("size", Need::optional, Bounds::between(1, 10000)).value_or(c.size));
  if (c.protocol == HttpProtocol::http2)
    c.max_streams = static_cast<int>(cr.integer("max_streams", Need::optional, Bounds::between(1, 100000)).value_or(c.max_streams));
  else
    cr.forbid("max_streams", "streams multiplex on an HTTP/2 connection; an HTTP/1.1 one carries one request at a time");
  c.max_pending = static_cast<int>(cr.integer("max_pending", Need::optional, Bounds::between(0, 1e9)).value_or(c.max_pending));
  c.connect_timeout_s = cr.duration("connect_timeout", Need::optional, Bounds::above(0)).value_or(c.connect_timeout_s);
  c.handshake_rtts = static_cast<int>(cr.integer("handshake_rtts", Need::optional, Bounds::between(1, 10)).value_or(c.handshake_rtts));
  c.handshake_cpu_s = cr.duration("handshake_cpu", Need::optional, Bounds::at_least(0)).value_or(c.handshake_cpu_s);
  out = c;
}

}  // namespace chaossim::scenarios
