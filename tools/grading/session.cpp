#include "tools/grading/session.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace chaossim::grading {

Session::Session(const Submission& submission, const std::filesystem::path& workdir, const SandboxLimits& limits)
    : limits_(limits) {
  if (submission.load_error) {
    failure_ = *submission.load_error;
    return;
  }
  try {
    const auto argv = stage(submission, workdir);
    process_.emplace(argv, workdir, submission.view, limits);
  } catch (const std::exception& e) {
    failure_ = fmt::format("could not be started by the grader ({}): tell your instructor", e.what());
    return;
  }
  report_ = process_->report();
  const auto hello = request({{"op", "hello"}, {"protocol", protocol_version}}, "the greeting (hello)");
  if (!hello) return;
  if (!hello->is_object() || !hello->contains("implements") || !(*hello)["implements"].is_array()) {
    fail("answered hello without the list of patterns it implements (\"implements\": [...])");
    return;
  }
  for (const auto& name : (*hello)["implements"])
    if (name.is_string()) implemented_.push_back(name.get<std::string>());
}

bool Session::implements(StudentPattern pattern) const {
  return std::find(implemented_.begin(), implemented_.end(), name_of(pattern)) != implemented_.end();
}

std::optional<int> Session::create(StudentPattern pattern, const json& config) {
  if (failed()) return std::nullopt;
  if (!implements(pattern)) {
    fail(fmt::format("does not implement {} (define the class {}, or return one from your factory's method)",
                     name_of(pattern), class_name_of(pattern)));
    return std::nullopt;
  }
  const int id = static_cast<int>(kinds_.size()) + 1;
  kinds_.push_back(pattern);
  const auto made = request({{"op", "create"}, {"id", id}, {"pattern", name_of(pattern)}, {"config", config}},
                            fmt::format("the creation of a {}", class_name_of(pattern)));
  if (!made) return std::nullopt;
  return id;
}

std::optional<json> Session::concurrency(StudentPattern pattern, const json& config, int threads, int rounds) {
  if (failed()) return std::nullopt;
  if (!implements(pattern)) {
    fail(fmt::format("does not implement {} (return one from your factory's method)", name_of(pattern)));
    return std::nullopt;
  }
  return call_plain({{"op", "concurrency"}, {"pattern", name_of(pattern)}, {"config", config}, {"threads", threads}, {"rounds", rounds}},
                    fmt::format("the concurrency run of its {} ({} threads)", class_name_of(pattern), threads));
}

std::optional<json> Session::call_plain(json request, const std::string& what) {
  if (failed()) return std::nullopt;
  return this->request(std::move(request), what);
}

std::optional<json> Session::call(int instance, const std::string& op, json fields) {
  if (failed()) return std::nullopt;
  fields["op"] = op;
  fields["id"] = instance;
  const auto kind = kinds_.at(static_cast<std::size_t>(instance - 1));
  return request(std::move(fields), fmt::format("{}.{}", class_name_of(kind), op));
}

std::optional<json> Session::request(json message, const std::string& what) {
  if (failed() || !process_) return std::nullopt;
  const auto answer = process_->exchange(message.dump());
  if (!answer) {
    process_failed(what);
    return std::nullopt;
  }
  json reply;
  try {
    reply = json::parse(*answer);
  } catch (const json::exception&) {
    fail(fmt::format("answered {} with a line that is not JSON: {:.200}", what, *answer));
    return std::nullopt;
  }
  if (!reply.is_object() || !reply.contains("ok") || !reply["ok"].is_boolean()) {
    fail(fmt::format("answered {} without \"ok\": {:.200}", what, reply.dump()));
    return std::nullopt;
  }
  if (!reply["ok"].get<bool>()) {
    const std::string error = reply.contains("error") && reply["error"].is_string() ? reply["error"].get<std::string>() : reply.dump();
    fail(fmt::format("raised an error in {}:\n{}", what, error));
    return std::nullopt;
  }
  return reply.contains("result") ? reply["result"] : json(nullptr);
}

void Session::process_failed(const std::string& what) {
  const Termination& end = process_->termination();
  if (end.kind == Termination::Kind::running) fail(fmt::format("closed its output during {}", what));
  else fail(fmt::format("{} during {}", end.describe(limits_), what));
}

void Session::fail(std::string why) {
  if (!failure_) failure_ = std::move(why);
  if (process_) process_->kill();
}

void Session::finish() {
  if (!process_ || failed()) return;
  const Termination& end = process_->finish();
  if (!end.clean()) fail(fmt::format("{} at the end of the test, when its input was closed", end.describe(limits_)));
}

}  // namespace chaossim::grading
