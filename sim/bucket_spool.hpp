#pragma once
// A run's buckets on disk, written as each bucket closes and read back in
// time order: what keeps memory flat in simulated time. A run of a simulated
// week holds one bucket per subject at a time, in the child that plays it
// and in the parent that summarizes it; the file holds the rest.
//
// Frames are written compactly (zeros skipped, integers as varints, latency
// histograms as runs of non-empty bins): a bucket of a client answering a
// few hundred requests takes a few hundred bytes. The file is private to one
// invocation, read by the same binary that wrote it.
#include <cstdio>
#include <memory>
#include <string>

#include "sim/replication_result.hpp"

namespace chaossim::sim {

// A folder of spool files, private to one invocation (mode 0700), removed
// with the last SpoolFile made in it.
class SpoolFolder {
 public:
  // A new folder `chaossim-spool-XXXXXX` in `parent` ($TMPDIR or /tmp when
  // empty). Throws std::runtime_error naming the folder.
  static std::shared_ptr<const SpoolFolder> make(const std::string& parent);
  ~SpoolFolder();
  SpoolFolder(const SpoolFolder&) = delete;
  SpoolFolder& operator=(const SpoolFolder&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit SpoolFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// One run's file, removed when the last holder lets it go.
class SpoolFile {
 public:
  SpoolFile(std::shared_ptr<const SpoolFolder> folder, const std::string& name)
      : folder_(std::move(folder)), path_(folder_->path() + "/" + name) {}
  ~SpoolFile();
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::shared_ptr<const SpoolFolder> folder_;
  std::string path_;
};

class SpoolWriter {
 public:
  // Throws std::runtime_error naming the file when it cannot be written (a full disk).
  explicit SpoolWriter(const std::string& path);
  ~SpoolWriter();
  SpoolWriter(const SpoolWriter&) = delete;
  SpoolWriter& operator=(const SpoolWriter&) = delete;

  void write(const BucketFrame& frame);
  void close();  // flushes; throws as the constructor does

 private:
  void fail(const char* doing);
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

class SpoolReader {
 public:
  // Throws std::runtime_error naming the file when it cannot be read.
  explicit SpoolReader(const std::string& path);
  ~SpoolReader();
  SpoolReader(const SpoolReader&) = delete;
  SpoolReader& operator=(const SpoolReader&) = delete;

  // The next bucket into `frame` (its vectors reused); false after the last.
  // Throws std::runtime_error when the file is cut short or damaged.
  bool next(BucketFrame& frame);

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

}  // namespace chaossim::sim
