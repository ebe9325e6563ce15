// GpuTypes: what a GPU debug backend reports — its threads (named the way
// the vendors' debuggers name them), their registers, source places, and
// the changes it saw since it was last polled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

struct GpuThread {
  uint64_t id = 0;     // stable for the session, never reused
  std::string device;  // "Intel Xe renderD128", "AMD gfx90a (node 2)"
  std::string queue;   // "exec queue 3 (lrc 7)", "queue 1"
  std::string unit;    // "EU 0.1.4" (slice.subslice.eu), "wave 12 (SE0 CU3 SIMD1)"
  std::string lane;    // "thread 2" on Xe; empty where the unit is the thread
  bool stopped = false;
  std::string stopReason;  // "breakpoint", "exception", "pause", "" while running
  std::string name() const {
    std::string text = device + " / " + queue + " / " + unit;
    if (!lane.empty()) text += " / " + lane;
    return text;
  }
};

struct GpuRegister {
  std::string group;  // "general", "control", "special"
  std::string name;   // "r0", "cr0", "s_pc", "v3"
  std::vector<uint8_t> value;
};

struct GpuSourcePlace {
  std::string file;
  int line = 0;
  std::string function;
};

// One thing a backend learned from its device: a line for the debugger's
// log (what it saw), and where it stopped threads, the threads and reason.
struct GpuChange {
  std::string log;
  std::vector<uint64_t> stoppedThreads;
  std::string stopReason;
  std::string description;  // for the stopped event: "EU attention", "queue
                            // exception: memory violation"
};

}  // namespace rwd
