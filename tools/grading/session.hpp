#pragma once
// One conversation with a submission over the decision protocol
// (PROTOCOL.md), in a sandboxed process of its own: a test starts one, and a
// crashed or hung submission costs that test alone.
//
// The first failure (the process died or hung, an answer that is not JSON, an
// error the submission reported, an answer of the wrong type) is kept, in
// words for the student, and every later call returns nullopt.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/grading/protocol_config.hpp"
#include "tools/grading/sandbox.hpp"
#include "tools/grading/submission.hpp"

namespace chaossim::grading {

class Session {
 public:
  // Starts the submission in `workdir` (created here, removed by the caller)
  // and greets it.
  Session(const Submission& submission, const std::filesystem::path& workdir, const SandboxLimits& limits);

  bool implements(StudentPattern pattern) const;
  // A new instance of `pattern`; nullopt (and failed()) if it cannot be made.
  std::optional<int> create(StudentPattern pattern, const json& config);
  // A request that names no instance (its "op" included); the answer's
  // "result". `what` names it in messages.
  std::optional<json> call_plain(json request, const std::string& what);
  // A concurrency run (concurrency_workload.hpp), in a C++ submission's host.
  std::optional<json> concurrency(StudentPattern pattern, const json& config, int threads, int rounds);
  // One decision: op and fields (now included); the answer's "result".
  std::optional<json> call(int instance, const std::string& op, json fields);

  // Marks the conversation failed for a reason found by the caller, such as
  // an answer outside the allowed values.
  void fail(std::string why);
  bool failed() const { return failure_.has_value(); }
  const std::string& failure() const { return *failure_; }
  // Closes the conversation; the process must end cleanly.
  void finish();
  std::string error_output() const { return process_ ? process_->error_output() : std::string(); }
  const SandboxReport& sandbox() const { return report_; }
  // Did its process end this way (a crash, the wait's limit)?
  bool ended_as(Termination::Kind kind) const { return process_ && process_->termination().kind == kind; }
  // The submission's peak memory, once finished.
  std::size_t peak_rss_kib() const { return process_ ? process_->peak_rss_kib() : 0; }

 private:
  std::optional<json> request(json message, const std::string& what);
  void process_failed(const std::string& what);

  SandboxLimits limits_;
  std::optional<SandboxedProcess> process_;
  SandboxReport report_;
  std::vector<std::string> implemented_;
  std::vector<StudentPattern> kinds_;  // by instance id
  std::optional<std::string> failure_;
};

}  // namespace chaossim::grading
