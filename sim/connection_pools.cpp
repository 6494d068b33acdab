#include "sim/connection_pools.hpp"

#include <algorithm>

#include "sim/call_path.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

using patterns::Outcome;

void ConnectionPools::add_edge(std::uint32_t edge, const scenarios::Connections& config, ServiceSimulator* target,
                               Recorder& recorder) {
  if (edges_.size() <= edge) edges_.resize(edge + 1);
  EdgePools& e = edges_[edge];
  e.config = config;
  e.target = target;
  e.recorder = &recorder;
  e.open_level = recorder.add_level("connections_open", 0);
  e.connecting_level = recorder.add_level("connections_connecting", 0);
  e.waiting_level = recorder.add_level("connections_waiting", 0);
}

void ConnectionPools::level(EdgePools& e, std::size_t which, int& count, int delta) {
  count += delta;
  e.recorder->set(which, sim::now(), count);
}

std::uint32_t ConnectionPools::pool_of(std::uint32_t edge, const Endpoint& from, std::uint32_t callee, const Endpoint& to) {
  const auto [it, added] = pool_index_.try_emplace(PoolKey{edge, &from, callee}, static_cast<std::uint32_t>(pools_.size()));
  if (added) pools_.push_back(Pool{edge, &from, &to, callee, {}, {}});
  return it->second;
}

std::int64_t ConnectionPools::room(const Pool& p) const {
  const int streams = streams_per_connection(p);
  // The busiest open connection with room first: HTTP/2 clients fill one
  // connection before the next, and an HTTP/1.1 one has a single stream.
  std::int64_t best = -1;
  for (std::uint32_t id : p.live) {
    const Connection& c = conns_[id];
    if (c.state == State::open && c.streams < streams && (best < 0 || c.streams > conns_[static_cast<std::size_t>(best)].streams))
      best = id;
  }
  return best;
}

void ConnectionPools::seat(Attempt* a, std::uint32_t pool, std::uint32_t connection) {
  seats_[a] = Seat{pool, connection, ++tickets_};
  ++conns_[connection].streams;
}

void ConnectionPools::acquire(Attempt* a, const Endpoint& from, const Endpoint& to) {
  const std::uint32_t pool = pool_of(a->edge, from, a->instance, to);
  Pool& p = pools_[pool];
  if (const std::int64_t id = room(p); id >= 0 && p.line.empty()) {
    seat(a, pool, static_cast<std::uint32_t>(id));
    return path_.transmit(a);
  }
  EdgePools& e = edges_[a->edge];
  // The line holds max_pending beyond what the connections opening, or that
  // may still open, will take: with 0, an attempt waits only for its own.
  const long streams = streams_per_connection(p);
  long opening = (e.config->size - static_cast<long>(p.live.size())) * streams;
  for (std::uint32_t id : p.live)
    if (conns_[id].state == State::connecting) opening += streams;
  if (static_cast<long>(p.line.size()) >= opening + e.config->max_pending) return path_.fail_unsent(a, Outcome::rejected);
  seats_[a] = Seat{pool, -1, ++tickets_};
  p.line.push_back(a);
  level(e, e.waiting_level, e.waiting, +1);
  serve_line(pool);
}

bool ConnectionPools::waiting(const Attempt* a) const {
  const auto it = seats_.find(a);
  return it != seats_.end() && it->second.connection < 0;
}

Stall* ConnectionPools::stall(const Attempt* a, bool answer) {
  const auto it = seats_.find(a);
  if (it == seats_.end() || it->second.connection < 0) return nullptr;
  return &conns_[static_cast<std::size_t>(it->second.connection)].stall[answer ? 1 : 0];
}

void ConnectionPools::leave(Attempt* a, Leaving why) {
  const auto it = seats_.find(a);
  if (it == seats_.end()) return;
  const Seat seat = it->second;
  seats_.erase(it);
  Pool& p = pools_[seat.pool];
  EdgePools& e = edges_[p.edge];
  if (seat.connection < 0) {
    p.line.erase(std::find(p.line.begin(), p.line.end(), a));
    level(e, e.waiting_level, e.waiting, -1);
    return;
  }
  const auto id = static_cast<std::uint32_t>(seat.connection);
  Connection& c = conns_[id];
  --c.streams;
  // An HTTP/1.1 request cannot be taken back on its connection, whose answer
  // would come next: the client closes it (Envoy, OkHttp). HTTP/2 resets the stream alone.
  const bool closes = why == Leaving::reset || (why == Leaving::given_up && e.config->protocol == scenarios::HttpProtocol::http1);
  if (c.state == State::open && closes) close(id);
  else recycle_if_idle(id);
  serve_line(seat.pool);
}

void ConnectionPools::serve_line(std::uint32_t pool) {
  Pool& p = pools_[pool];
  while (!p.line.empty()) {
    const std::int64_t id = room(p);
    if (id < 0) break;
    Attempt* a = p.line.front();
    p.line.pop_front();
    EdgePools& e = edges_[p.edge];
    level(e, e.waiting_level, e.waiting, -1);
    seat(a, pool, static_cast<std::uint32_t>(id));
    path_.transmit(a);  // may end at once, and serve this line again: it is read afresh each turn
  }
  grow(pool);
}

void ConnectionPools::grow(std::uint32_t pool) {
  const Pool& p = pools_[pool];
  const int streams = streams_per_connection(p);
  const int size = edges_[p.edge].config->size;
  // Counted afresh after each opening: with no latency one opens, and serves the line, at once.
  while (static_cast<int>(p.live.size()) < size) {
    long unserved = static_cast<long>(p.line.size());
    for (std::uint32_t id : p.live)
      if (conns_[id].state == State::connecting) unserved -= streams;
    if (unserved <= 0) break;
    open(pool);
  }
}

void ConnectionPools::open(std::uint32_t pool) {
  std::uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(conns_.size());
    conns_.emplace_back();
  }
  Connection& c = conns_[id];
  c.state = State::connecting;
  c.pool = pool;
  c.streams = 0;
  c.round = 0;
  c.stall[0].lost.clear();
  c.stall[1].lost.clear();
  const std::uint32_t generation = ++c.generation;
  Pool& p = pools_[pool];
  p.live.push_back(id);
  EdgePools& e = edges_[p.edge];
  level(e, e.connecting_level, e.connecting, +1);
  c.timer = scheduler().after(e.config->connect_timeout_s, [this, id, generation] {
    if (!current(id, generation)) return;
    conns_[id].timer = nullptr;
    connect_failed(id);
  });
  handshake_message(id, true, &ConnectionPools::handshake_arrives);
}

void ConnectionPools::handshake_message(std::uint32_t id, bool to_callee, void (ConnectionPools::*then)(std::uint32_t)) {
  const Pool& p = pools_[conns_[id].pool];
  const std::uint32_t generation = conns_[id].generation;
  // A lost handshake message is silent: the connect timeout ends it.
  network_.send(to_callee ? *p.from : *p.to, to_callee ? *p.to : *p.from, network_.message_bytes(),
                [this, id, generation, then] {
                  if (current(id, generation)) (this->*then)(id);
                },
                [] {});
}

void ConnectionPools::handshake_arrives(std::uint32_t id) {
  Connection& c = conns_[id];
  const Pool& p = pools_[c.pool];
  const EdgePools& e = edges_[p.edge];
  switch (e.target->hears_handshake(p.callee, sim::now())) {
    case ServiceSimulator::Handshake::unheard: return;
    case ServiceSimulator::Handshake::refused:
      // The callee's kernel answers a reset: the caller fails at once.
      return handshake_message(id, false, &ConnectionPools::connect_failed);
    case ServiceSimulator::Handshake::heard: break;
  }
  // The key exchange's work, on the last round trip (TLS's).
  if (c.round + 1 == e.config->handshake_rtts && e.config->handshake_cpu_s > 0) {
    c.token = Request{};
    c.token.key = id;
    c.token.reply_to = p.from;
    c.token_busy = true;
    return e.target->handshake_work(p.callee, &c.token, e.config->handshake_cpu_s);
  }
  handshake_message(id, false, &ConnectionPools::handshake_back);
}

void ConnectionPools::handshake_served(Request* token, bool done) {
  const auto id = static_cast<std::uint32_t>(token->key);
  Connection& c = conns_[id];
  c.token_busy = false;
  if (c.state == State::connecting && done) return handshake_message(id, false, &ConnectionPools::handshake_back);
  // A crash took its work: the caller learns it as any lost handshake, by its connect timeout.
  if (c.state == State::closed) recycle_if_idle(id);
}

void ConnectionPools::handshake_back(std::uint32_t id) {
  Connection& c = conns_[id];
  EdgePools& e = edges_[pools_[c.pool].edge];
  if (++c.round < e.config->handshake_rtts) return handshake_message(id, true, &ConnectionPools::handshake_arrives);
  c.state = State::open;
  if (c.timer != nullptr) scheduler().cancel(c.timer);
  c.timer = nullptr;
  level(e, e.connecting_level, e.connecting, -1);
  level(e, e.open_level, e.open, +1);
  serve_line(c.pool);
}

void ConnectionPools::connect_failed(std::uint32_t id) {
  const std::uint32_t pool = conns_[id].pool;
  close(id);
  Pool& p = pools_[pool];
  if (!p.live.empty()) return grow(pool);
  // Nothing left to wait for: the line fails, as Envoy's pending requests on
  // a connection failure. Each failure may end other calls (a quorum out of
  // reach abandons the rest), which leave the line themselves, and may be
  // retried at once into a new line: only those in it now, still there, fail.
  std::vector<std::pair<Attempt*, std::uint64_t>> failing;
  for (Attempt* a : p.line) failing.emplace_back(a, seats_.at(a).ticket);
  EdgePools& e = edges_[p.edge];
  for (const auto& [a, ticket] : failing) {
    const auto it = seats_.find(a);
    if (it == seats_.end() || it->second.ticket != ticket) continue;
    seats_.erase(it);
    p.line.erase(std::find(p.line.begin(), p.line.end(), a));
    level(e, e.waiting_level, e.waiting, -1);
    path_.fail_unsent(a, Outcome::unavailable);
  }
}

void ConnectionPools::close(std::uint32_t id) {
  Connection& c = conns_[id];
  Pool& p = pools_[c.pool];
  EdgePools& e = edges_[p.edge];
  if (c.state == State::open) level(e, e.open_level, e.open, -1);
  if (c.state == State::connecting) level(e, e.connecting_level, e.connecting, -1);
  if (c.timer != nullptr) scheduler().cancel(c.timer);
  c.timer = nullptr;
  c.state = State::closed;
  p.live.erase(std::find(p.live.begin(), p.live.end(), id));
  recycle_if_idle(id);
}

void ConnectionPools::recycle_if_idle(std::uint32_t id) {
  Connection& c = conns_[id];
  if (c.state != State::closed || c.streams > 0 || c.token_busy) return;
  c.state = State::unused;
  ++c.generation;
  free_.push_back(id);
}

}  // namespace chaossim::sim
