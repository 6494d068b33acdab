// The practical limit for the M/M/4 of mmc-queue: a hand-written event loop on
// a binary heap, plain structs, no framework and no metrics. chaossim's
// benchmark prints its speed beside chaossim's own.
// Usage: bench_handwritten_mmc N [lambda mu c]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <queue>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 10'000'000;
  const double lambda = argc > 4 ? std::atof(argv[2]) : 320, mu = argc > 4 ? std::atof(argv[3]) : 100;
  const int servers = argc > 4 ? std::atoi(argv[4]) : 4;
  struct Event {
    double at;
    bool arrival;
    double started;  // departures: when the request arrived
    bool operator>(const Event& o) const { return at > o.at; }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::mt19937_64 rng(1);
  std::exponential_distribution<double> interarrival(lambda), service(mu);
  std::deque<double> waiting;
  int busy = 0;
  long arrived = 0, done = 0;
  double latency_sum = 0;
  const auto t0 = std::chrono::steady_clock::now();
  events.push({interarrival(rng), true, 0});
  while (!events.empty() && done < n) {
    const Event e = events.top();
    events.pop();
    if (e.arrival) {
      if (++arrived < n) events.push({e.at + interarrival(rng), true, 0});
      if (busy < servers) {
        ++busy;
        events.push({e.at + service(rng), false, e.at});
      } else {
        waiting.push_back(e.at);
      }
    } else {
      ++done;
      latency_sum += e.at - e.started;
      if (!waiting.empty()) {
        events.push({e.at + service(rng), false, waiting.front()});
        waiting.pop_front();
      } else {
        --busy;
      }
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("done=%ld mean=%.3fms wall=%.2fs rate=%.0f req/s\n", done, latency_sum / done * 1e3, wall, done / wall);
}
