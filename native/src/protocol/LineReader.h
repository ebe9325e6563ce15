// LineReader: splits bytes read from a file descriptor into lines, without
// blocking; the event loop calls readAvailable() when the fd is readable.
#pragma once

#include <string>
#include <vector>

namespace rwd {

class LineReader {
 public:
  explicit LineReader(int fd);
  // Reads what is there; returns complete lines. `eof` becomes true when
  // the other side closed (a last unterminated line is returned then).
  std::vector<std::string> readAvailable(bool& eof);

 private:
  int fd_;
  std::string buffer_;
};

}  // namespace rwd
