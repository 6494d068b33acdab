#pragma once
// SIGINT and SIGTERM while a command works: recorded rather than fatal, so
// that the command stops its children, removes what it staged, says
// "interrupted, nothing written" and exits 130 or 143 (128 + the signal), as
// a shell expects of a program stopped by it.
#include <signal.h>

namespace chaossim::tools {

class Interruption {
 public:
  Interruption();   // installs the handlers
  ~Interruption();  // restores the previous ones
  Interruption(const Interruption&) = delete;
  Interruption& operator=(const Interruption&) = delete;

  bool requested() const;
  int exit_code() const;  // 128 + the signal
  // Says "interrupted, nothing written" on stderr; the exit code.
  int report() const;

  // Holds both signals back for its lifetime, so that publishing outputs is
  // not cut in half; one that came meanwhile is recorded when it ends.
  class Deferred {
   public:
    Deferred();
    ~Deferred();
    Deferred(const Deferred&) = delete;
    Deferred& operator=(const Deferred&) = delete;

   private:
    sigset_t previous_;
  };

 private:
  struct sigaction previous_int_, previous_term_;
};

}  // namespace chaossim::tools
