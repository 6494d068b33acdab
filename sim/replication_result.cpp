#include "sim/replication_result.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace chaossim::sim {
namespace {

// Parent and child are the same binary on the same machine: raw bytes suffice.
class Writer {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_string(const std::string& s) {
    put<std::uint64_t>(s.size());
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <class T>
  T get() {
    T v;
    need(sizeof v);
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (pos_ + n > in_.size()) throw std::runtime_error("truncated replication result");
  }
  const std::string& in_;
  std::size_t pos_ = 0;
};

void put_subjects(Writer& w, const std::vector<SubjectResult>& all) {
  w.put<std::uint64_t>(all.size());
  for (const auto& s : all) {
    w.put<std::uint64_t>(s.level_names.size());
    for (const auto& name : s.level_names) w.put_string(name);
    const SubjectTotals& t = s.totals;
    w.put(t.counts);
    w.put(t.rejected_by);
    w.put(t.area);
    for (const auto& l : t.latency) {
      w.put(l.sum_s);
      w.put(l.max_s);
      w.put<std::uint64_t>(l.histogram.size());
      for (auto packed : l.histogram) w.put(packed);
    }
    w.put(t.answered_sum_s);
    w.put<std::uint64_t>(t.named_area.size());
    for (double a : t.named_area) w.put(a);
  }
}

std::vector<SubjectResult> get_subjects(Reader& r) {
  std::vector<SubjectResult> all(r.get<std::uint64_t>());
  for (auto& s : all) {
    s.level_names.resize(r.get<std::uint64_t>());
    for (auto& name : s.level_names) name = r.get_string();
    SubjectTotals& t = s.totals;
    t.counts = r.get<decltype(t.counts)>();
    t.rejected_by = r.get<decltype(t.rejected_by)>();
    t.area = r.get<decltype(t.area)>();
    for (auto& l : t.latency) {
      l.sum_s = r.get<double>();
      l.max_s = r.get<double>();
      l.histogram.resize(r.get<std::uint64_t>());
      for (auto& packed : l.histogram) packed = r.get<std::uint64_t>();
    }
    t.answered_sum_s = r.get<double>();
    t.named_area.resize(r.get<std::uint64_t>());
    for (double& a : t.named_area) a = r.get<double>();
  }
  return all;
}

}  // namespace

std::string encode(const ReplicationResult& r) {
  Writer w;
  w.put_string(r.variant);
  w.put(r.replication);
  w.put(r.seed);
  w.put(r.bucket_s);
  w.put(r.duration_s);
  w.put<std::uint64_t>(r.buckets);
  put_subjects(w, r.clients);
  put_subjects(w, r.services);
  put_subjects(w, r.edges);
  put_subjects(w, r.endpoints);
  w.put<std::uint64_t>(r.first_reaction_s.size());
  for (double t : r.first_reaction_s) w.put(t);
  return w.take();
}

ReplicationResult decode(const std::string& bytes, std::shared_ptr<const SpoolFile> spool) {
  Reader rd(bytes);
  ReplicationResult r;
  r.variant = rd.get_string();
  r.replication = rd.get<int>();
  r.seed = rd.get<std::uint64_t>();
  r.bucket_s = rd.get<double>();
  r.duration_s = rd.get<double>();
  r.buckets = rd.get<std::uint64_t>();
  r.clients = get_subjects(rd);
  r.services = get_subjects(rd);
  r.edges = get_subjects(rd);
  r.endpoints = get_subjects(rd);
  r.first_reaction_s.resize(rd.get<std::uint64_t>());
  for (double& t : r.first_reaction_s) t = rd.get<double>();
  if (!rd.done()) throw std::runtime_error("trailing bytes after replication result");
  r.spool = std::move(spool);
  return r;
}

}  // namespace chaossim::sim
