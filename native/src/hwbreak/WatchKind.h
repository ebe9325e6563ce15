// WatchKind: what a hardware debug register watches for — executing an
// instruction, writing data, or reading or writing data — and the words
// used for each in messages to the user.
#pragma once

#include <cstdint>

namespace rwd {

enum class WatchKind : uint8_t { execute, write, readWrite };

// "execute", "write" or "read/write", as used in the allocator's messages.
inline const char* describeWatchKind(WatchKind kind) {
  switch (kind) {
    case WatchKind::execute:
      return "execute";
    case WatchKind::write:
      return "write";
    case WatchKind::readWrite:
      return "read/write";
  }
  return "unknown";
}

}  // namespace rwd
