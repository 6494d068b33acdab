#pragma once
// Every subject's buckets, out to the run's spool as the run passes them:
// bucket k once time reaches the end of bucket k + 1 (an event at the very
// end of k may round into it), the rest when the run is over. What keeps a
// run's memory flat in simulated time.
#include <string>
#include <vector>

#include "sim/bucket_spool.hpp"
#include "sim/recorder.hpp"

namespace chaossim::sim {

class BucketStream {
 public:
  // Creates the spool file `spool_path`; throws std::runtime_error naming it when it cannot.
  BucketStream(const std::string& spool_path, const BucketGrid& grid, std::vector<Recorder*> clients,
               std::vector<Recorder*> services, std::vector<Recorder*> edges, std::vector<Recorder*> endpoints);

  // Emits each bucket as soon as it may, until `end` (a watch on the run's scheduler).
  void start(double end);
  // The run is over at `end`: every bucket not yet emitted, and the file closed.
  void finish(double end);

 private:
  void schedule_next();
  void emit_next();

  SpoolWriter writer_;
  const BucketGrid& grid_;
  std::vector<Recorder*> clients_, services_, edges_, endpoints_;
  BucketFrame frame_;
  std::size_t next_ = 0;  // the next bucket to emit
  double end_ = 0;
};

}  // namespace chaossim::sim
