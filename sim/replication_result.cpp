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

void put_series(Writer& w, const std::vector<Series>& all) {
  w.put<std::uint64_t>(all.size());
  for (const auto& s : all) {
    w.put<std::uint64_t>(s.buckets.size());
    for (const auto& b : s.buckets) {
      w.put(b.counts);
      w.put(b.rejected_by);
      w.put(b.area);
      for (const auto& l : b.latency) {
        w.put(l.sum_s);
        w.put(l.max_s);
        w.put<std::uint64_t>(l.histogram.size());
        for (auto packed : l.histogram) w.put(packed);
      }
    }
    w.put<std::uint64_t>(s.named_levels.size());
    for (const auto& level : s.named_levels) {
      w.put_string(level.name);
      w.put<std::uint64_t>(level.area.size());
      for (double a : level.area) w.put(a);
    }
  }
}

std::vector<Series> get_series(Reader& r) {
  std::vector<Series> all(r.get<std::uint64_t>());
  for (auto& s : all) {
    s.buckets.resize(r.get<std::uint64_t>());
    for (auto& b : s.buckets) {
      b.counts = r.get<decltype(b.counts)>();
      b.rejected_by = r.get<decltype(b.rejected_by)>();
      b.area = r.get<decltype(b.area)>();
      for (auto& l : b.latency) {
        l.sum_s = r.get<double>();
        l.max_s = r.get<double>();
        l.histogram.resize(r.get<std::uint64_t>());
        for (auto& packed : l.histogram) packed = r.get<std::uint64_t>();
      }
    }
    s.named_levels.resize(r.get<std::uint64_t>());
    for (auto& level : s.named_levels) {
      level.name = r.get_string();
      level.area.resize(r.get<std::uint64_t>());
      for (double& a : level.area) a = r.get<double>();
    }
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
  put_series(w, r.clients);
  put_series(w, r.services);
  put_series(w, r.edges);
  w.put<std::uint64_t>(r.first_reaction_s.size());
  for (double t : r.first_reaction_s) w.put(t);
  return w.take();
}

ReplicationResult decode(const std::string& bytes) {
  Reader rd(bytes);
  ReplicationResult r;
  r.variant = rd.get_string();
  r.replication = rd.get<int>();
  r.seed = rd.get<std::uint64_t>();
  r.bucket_s = rd.get<double>();
  r.duration_s = rd.get<double>();
  r.clients = get_series(rd);
  r.services = get_series(rd);
  r.edges = get_series(rd);
  r.first_reaction_s.resize(rd.get<std::uint64_t>());
  for (double& t : r.first_reaction_s) t = rd.get<double>();
  if (!rd.done()) throw std::runtime_error("trailing bytes after replication result");
  return r;
}

}  // namespace chaossim::sim
