// LineReader: newline framing over a non-blocking or blocking fd.
#include "protocol/LineReader.h"

#include <unistd.h>

#include <cerrno>

namespace rwd {

LineReader::LineReader(int fd) : fd_(fd) {}

std::vector<std::string> LineReader::readAvailable(bool& eof) {
  eof = false;
  char chunk[65536];
  ssize_t n;
  do { n = ::read(fd_, chunk, sizeof chunk); } while (n < 0 && errno == EINTR);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) eof = true;
  if (n > 0) buffer_.append(chunk, static_cast<size_t>(n));

  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t newline; (newline = buffer_.find('\n', start)) != std::string::npos; start = newline + 1) {
    lines.push_back(buffer_.substr(start, newline - start));
  }
  buffer_.erase(0, start);
  if (eof && !buffer_.empty()) {
    lines.push_back(buffer_);
    buffer_.clear();
  }
  return lines;
}

}  // namespace rwd
