#pragma once
// The connections callers hold to callees, on the edges whose call has
// `connections`: a pool per edge, caller instance and callee instance, as
// Envoy keeps one per upstream host and worker.
//
// An attempt takes a stream of an open connection of its pool, or waits in
// the pool's line while one opens. Opening takes `handshake_rtts` round trips
// on the network (so partitions, loss and latency faults play on it) and
// `handshake_cpu` of the callee's CPU on the last; it fails when the
// callee's process refuses (a reset, one round trip) or after
// `connect_timeout`. A failed opening that leaves the pool no connection
// fails the attempts in its line "unavailable", as Envoy's "upstream connect
// error". An HTTP/1.1 connection carries one request at a time and is closed
// when its caller gives up on the request (its answer could still come); an
// HTTP/2 one carries `max_streams`, and a stream given up on is reset alone.
// Any connection is closed by a reset (an answer "unavailable", a lost
// attempt's connection reset). After a partition or a restart, callers
// reopen what they lost at once: the handshakes queue on the callee's cores.
//
// Pools and connections live as long as the run, and a closed connection's
// slot is reused: memory grows with the pools, never with the requests.
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/network.hpp"
#include "sim/recorder.hpp"
#include "sim/request.hpp"

namespace chaossim::sim {

class CallPath;
class ServiceSimulator;

class ConnectionPools {
 public:
  ConnectionPools(CallPath& path, Network& network) : path_(path), network_(network) {}
  ConnectionPools(const ConnectionPools&) = delete;
  ConnectionPools& operator=(const ConnectionPools&) = delete;

  // Edge `edge`, whose calls go to `target`, holds connections as `config`
  // says; its levels go to `recorder`.
  void add_edge(std::uint32_t edge, const scenarios::Connections& config, ServiceSimulator* target, Recorder& recorder);

  // `a`, from `from` to its callee instance `to`, takes a stream: at once
  // (CallPath::transmit), or once a connection has one; or it is refused
  // (CallPath::fail_unsent) when its pool's line is full.
  void acquire(Attempt* a, const Endpoint& from, const Endpoint& to);
  // Why an attempt lets its stream go.
  enum class Leaving { answered, reset, given_up };
  // `a` no longer needs its stream, or its place in the line. Idempotent.
  void leave(Attempt* a, Leaving why);
  // Whether `a` is in its pool's line, not yet sent.
  bool waiting(const Attempt* a) const;
  // The head-of-line stall of a's connection towards its callee, or back
  // (`answer`); none when `a` holds no stream.
  Stall* stall(const Attempt* a, bool answer);
  // The callee's CPU finished a handshake's work (`done`), or lost it in a crash.
  void handshake_served(Request* token, bool done);

 private:
  enum class State : std::uint8_t { unused, connecting, open, closed };
  struct Connection {
    State state = State::unused;
    bool token_busy = false;  // its handshake's work is on the callee's cores
    std::uint32_t pool = 0;
    std::uint32_t generation = 0;  // events of an earlier life of its slot are stale
    int streams = 0;               // attempts holding one
    int round = 0;                 // handshake round trips done
    Event* timer = nullptr;        // its connect timeout, while it connects
    Stall stall[2];                // towards the callee, back
    Request token;                 // the handshake's work on the callee's cores (attempt null)
  };
  struct Pool {
    std::uint32_t edge = 0;
    const Endpoint* from = nullptr;
    const Endpoint* to = nullptr;
    std::uint32_t callee = 0;
    std::vector<std::uint32_t> live;  // its connections connecting or open
    std::deque<Attempt*> line;        // attempts waiting for a stream
  };
  struct EdgePools {
    std::optional<scenarios::Connections> config;  // none where the edge holds no connections
    ServiceSimulator* target = nullptr;
    Recorder* recorder = nullptr;
    std::size_t open_level = 0, connecting_level = 0, waiting_level = 0;
    int open = 0, connecting = 0, waiting = 0;
  };
  // Where an attempt is: its pool, and its connection (none: in the line);
  // `ticket` tells it from a later attempt recycled at the same address.
  struct Seat {
    std::uint32_t pool;
    std::int64_t connection;
    std::uint64_t ticket;
  };
  struct PoolKey {
    std::uint32_t edge;
    const Endpoint* from;
    std::uint32_t callee;
    bool operator==(const PoolKey&) const = default;
  };
  struct PoolKeyHash {
    std::size_t operator()(const PoolKey& k) const {
      return std::hash<const void*>()(k.from) ^ (std::size_t{k.edge} << 32 | k.callee) * 0x9E3779B97F4A7C15ull;
    }
  };

  std::uint32_t pool_of(std::uint32_t edge, const Endpoint& from, std::uint32_t callee, const Endpoint& to);
  int streams_per_connection(const Pool& p) const { return edges_[p.edge].config->streams(); }
  // An open connection of the pool with a stream free, or -1.
  std::int64_t room(const Pool& p) const;
  void seat(Attempt* a, std::uint32_t pool, std::uint32_t connection);
  // Gives streams to the line, and opens what the rest of it needs.
  void serve_line(std::uint32_t pool);
  void grow(std::uint32_t pool);
  void open(std::uint32_t pool);
  void close(std::uint32_t connection);
  void recycle_if_idle(std::uint32_t connection);
  bool current(std::uint32_t connection, std::uint32_t generation) const {
    return conns_[connection].generation == generation && conns_[connection].state == State::connecting;
  }
  // The handshake's steps: a message each way, `then` on its arrival unless
  // the connection has closed meanwhile; at the callee, at the caller.
  void handshake_message(std::uint32_t connection, bool to_callee, void (ConnectionPools::*then)(std::uint32_t));
  void handshake_arrives(std::uint32_t connection);
  void handshake_back(std::uint32_t connection);
  void connect_failed(std::uint32_t connection);
  void level(EdgePools& e, std::size_t which, int& count, int delta);

  CallPath& path_;
  Network& network_;
  std::vector<EdgePools> edges_;  // by edge
  std::deque<Pool> pools_;        // stable: callbacks keep indices, loops references
  std::deque<Connection> conns_;
  std::vector<std::uint32_t> free_;  // connection slots to reuse
  std::unordered_map<PoolKey, std::uint32_t, PoolKeyHash> pool_index_;
  std::unordered_map<const Attempt*, Seat> seats_;
  std::uint64_t tickets_ = 0;
};

}  // namespace chaossim::sim
