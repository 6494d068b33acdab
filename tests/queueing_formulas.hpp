#pragma once
// Closed forms of queueing theory the simulator is held to.
namespace chaossim::testing {

// Erlang B: the share of arrivals a loss system of c slots turns away at `offered` Erlang.
inline double erlang_b(int c, double offered) {
  double b = 1;
  for (int k = 1; k <= c; ++k) b = offered * b / (k + offered * b);
  return b;
}

// Erlang C: probability that an arrival waits in an M/M/c queue.
inline double erlang_c(int c, double offered) {
  double term = 1, sum = 1;  // k = 0
  for (int k = 1; k < c; ++k) {
    term *= offered / k;
    sum += term;
  }
  const double last = term * offered / c;  // offered^c / c!
  const double rho = offered / c;
  const double waiting = last / (1 - rho);
  return waiting / (sum + waiting);
}

// Mean response time (wait + service) of M/M/c.
inline double mmc_response_time(double lambda, double mu, int c) {
  return 1 / mu + erlang_c(c, lambda / mu) / (c * mu - lambda);
}

}  // namespace chaossim::testing
