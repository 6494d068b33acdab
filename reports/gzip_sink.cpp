#include "reports/gzip_sink.hpp"

#include <stdexcept>
#include <string>

namespace chaossim::reports {

GzipSink::GzipSink(AtomicFile& file) : file_(file) {
  // 15 + 16: a 32 KiB window, with gzip's header and trailer rather than zlib's.
  if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("cannot start gzip compression");
  open_ = true;
}

GzipSink::~GzipSink() {
  if (open_) deflateEnd(&stream_);
}

void GzipSink::deflate_into_file(int flush) {
  unsigned char out[1 << 16];
  do {
    stream_.next_out = out;
    stream_.avail_out = sizeof out;
    const int status = deflate(&stream_, flush);
    if (status == Z_STREAM_ERROR) throw std::runtime_error("gzip compression failed");
    file_.write(std::string_view(reinterpret_cast<const char*>(out), sizeof out - stream_.avail_out));
  } while (stream_.avail_out == 0);
}

void GzipSink::write(std::string_view text) {
  stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream_.avail_in = static_cast<uInt>(text.size());
  deflate_into_file(Z_NO_FLUSH);
}

void GzipSink::finish() {
  stream_.next_in = nullptr;
  stream_.avail_in = 0;
  deflate_into_file(Z_FINISH);
  deflateEnd(&stream_);
  open_ = false;
}

}  // namespace chaossim::reports
