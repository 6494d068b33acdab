#pragma once
// Text compressed as it is written, in gzip's format (RFC 1952), into an
// AtomicFile: `run --csv-gzip` writes timeseries.csv.gz, a tenth of the
// CSV's size, which pandas, R and zcat read as is. The header carries no
// time or name, so the same text gives the same bytes.
#include <string_view>

#include <zlib.h>

#include "reports/atomic_file.hpp"

namespace chaossim::reports {

class GzipSink {
 public:
  explicit GzipSink(AtomicFile& file);
  ~GzipSink();
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void write(std::string_view text);
  void finish();  // writes what is left and gzip's trailer; then commit the file

 private:
  void deflate_into_file(int flush);
  AtomicFile& file_;
  z_stream stream_{};
  bool open_ = false;
};

}  // namespace chaossim::reports
