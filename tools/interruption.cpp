#include "tools/interruption.hpp"

#include <csignal>
#include <cstdio>

namespace chaossim::tools {
namespace {

volatile std::sig_atomic_t received = 0;

void record(int signal) { received = signal; }

}  // namespace

Interruption::Interruption() {
  received = 0;
  struct sigaction action = {};
  action.sa_handler = record;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a wait (poll) ends at once, with EINTR
  ::sigaction(SIGINT, &action, &previous_int_);
  ::sigaction(SIGTERM, &action, &previous_term_);
}

Interruption::~Interruption() {
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
}

bool Interruption::requested() const { return received != 0; }

int Interruption::exit_code() const { return 128 + received; }

int Interruption::report() const {
  std::fputs("\ninterrupted, nothing written\n", stderr);
  return exit_code();
}

Interruption::Deferred::Deferred() {
  sigset_t both;
  sigemptyset(&both);
  sigaddset(&both, SIGINT);
  sigaddset(&both, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &both, &previous_);
}

Interruption::Deferred::~Deferred() { ::sigprocmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace chaossim::tools
