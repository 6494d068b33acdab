#include "sim/bucket_spool.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace chaossim::sim {
namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>(static_cast<std::uint8_t>(v) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_double(std::string& out, double v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_value(std::string& out, std::uint64_t v) { put_varint(out, v); }
void put_value(std::string& out, double v) { put_double(out, v); }

// A mask of the values that are not zero, then those values.
template <class T, std::size_t N>
void put_sparse(std::string& out, const std::array<T, N>& values) {
  static_assert(N <= 64);
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] != 0) mask |= std::uint64_t{1} << i;
  put_varint(out, mask);
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] != 0) put_value(out, values[i]);
}

void put_subject(std::string& out, const SubjectBucket& s) {
  const BucketRecord& b = s.record;
  put_sparse(out, b.counts);
  put_sparse(out, b.rejected_by);
  put_sparse(out, b.area);
  for (const auto& l : b.latency) {
    put_varint(out, l.histogram.size());
    if (l.histogram.empty()) continue;
    put_double(out, l.sum_s);
    put_double(out, l.max_s);
    std::uint64_t previous_bin = 0;
    for (std::uint64_t packed : l.histogram) {
      const std::uint64_t bin = packed >> 48;
      put_varint(out, bin - previous_bin);
      put_varint(out, packed & ((std::uint64_t{1} << 48) - 1));
      previous_bin = bin;
    }
  }
  put_varint(out, s.named_area.size());
  for (double a : s.named_area) put_double(out, a);
}

class Decoder {
 public:
  Decoder(const std::string& in, const std::string& path) : in_(in), path_(path) {}

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      const auto byte = static_cast<std::uint8_t>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    damaged();
  }
  double real() {
    double v;
    need(sizeof v);
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  void value(std::uint64_t& v) { v = varint(); }
  void value(double& v) { v = real(); }
  template <class T, std::size_t N>
  void sparse(std::array<T, N>& values) {
    const std::uint64_t mask = varint();
    for (std::size_t i = 0; i < N; ++i) {
      values[i] = 0;
      if ((mask >> i & 1) != 0) value(values[i]);
    }
  }
  // A count from the file, bounded by what the rest of the frame could hold.
  std::size_t length() {
    const std::uint64_t n = varint();
    if (n > in_.size() - pos_) damaged();
    return static_cast<std::size_t>(n);
  }
  void subject(SubjectBucket& s) {
    BucketRecord& b = s.record;
    sparse(b.counts);
    sparse(b.rejected_by);
    sparse(b.area);
    for (auto& l : b.latency) {
      l.histogram.resize(length());
      l.sum_s = l.max_s = 0;
      if (l.histogram.empty()) continue;
      l.sum_s = real();
      l.max_s = real();
      std::uint64_t bin = 0;
      for (auto& packed : l.histogram) {
        bin += varint();
        packed = bin << 48 | varint();
      }
    }
    s.named_area.resize(length());
    for (double& a : s.named_area) a = real();
  }
  bool done() const { return pos_ == in_.size(); }
  [[noreturn]] void damaged() const { throw std::runtime_error(fmt::format("{}: a damaged spool frame", path_)); }

 private:
  void need(std::size_t n) const {
    if (n > in_.size() - pos_) damaged();
  }
  const std::string& in_;
  const std::string& path_;
  std::size_t pos_ = 0;
};

}  // namespace

std::shared_ptr<const SpoolFolder> SpoolFolder::make(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string pattern = base + "/chaossim-spool-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error(fmt::format("cannot make a spool folder in {}: {}", base, std::strerror(errno)));
  return std::shared_ptr<const SpoolFolder>(new SpoolFolder(pattern));
}

SpoolFolder::~SpoolFolder() { ::rmdir(path_.c_str()); }

SpoolFile::~SpoolFile() { ::unlink(path_.c_str()); }

SpoolWriter::SpoolWriter(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wbx")) {
  if (file_ == nullptr) fail("create");
}

SpoolWriter::~SpoolWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void SpoolWriter::fail(const char* doing) {
  throw std::runtime_error(fmt::format("cannot {} {}: {}", doing, path_, std::strerror(errno)));
}

void SpoolWriter::write(const BucketFrame& frame) {
  buffer_.assign(4, '\0');  // the payload's length, below
  put_varint(buffer_, frame.clients.size());
  put_varint(buffer_, frame.services.size());
  put_varint(buffer_, frame.edges.size());
  put_varint(buffer_, frame.endpoints.size());
  for (const auto* subjects : {&frame.clients, &frame.services, &frame.edges, &frame.endpoints})
    for (const auto& s : *subjects) put_subject(buffer_, s);
  const auto length = static_cast<std::uint32_t>(buffer_.size() - 4);
  std::memcpy(buffer_.data(), &length, sizeof length);
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) fail("write");
}

void SpoolWriter::close() {
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0) fail("write");
}

SpoolReader::SpoolReader(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
  if (file_ == nullptr) throw std::runtime_error(fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
}

SpoolReader::~SpoolReader() { std::fclose(file_); }

bool SpoolReader::next(BucketFrame& frame) {
  std::uint32_t length = 0;
  const std::size_t got = std::fread(&length, 1, sizeof length, file_);
  if (got == 0 && std::feof(file_)) return false;
  if (got != sizeof length) throw std::runtime_error(fmt::format("{}: cut short", path_));
  buffer_.resize(length);
  if (std::fread(buffer_.data(), 1, length, file_) != length) throw std::runtime_error(fmt::format("{}: cut short", path_));
  Decoder d(buffer_, path_);
  frame.clients.resize(d.length());
  frame.services.resize(d.length());
  frame.edges.resize(d.length());
  frame.endpoints.resize(d.length());
  for (auto* subjects : {&frame.clients, &frame.services, &frame.edges, &frame.endpoints})
    for (auto& s : *subjects) d.subject(s);
  if (!d.done()) d.damaged();
  return true;
}

}  // namespace chaossim::sim
