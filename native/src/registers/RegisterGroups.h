// RegisterGroups: the registers view of one frame, in three groups —
// "General" (rax…r15, rip, eflags decoded, segment registers, fs_base,
// gs_base), "Vector (SSE/AVX)" (xmm0–15, and ymm0–15 / zmm0–31 / k0–7
// where the processor has them, mxcsr) and "x87" (st0–st7, control and
// status words). Frame 0 shows the thread's registers; an outer frame shows
// what the unwinder recovered and marks every other register unknown. A
// register that cannot be read shows "<unreadable>"; nothing here fails.
// Also answers `$rip`-style names for expressions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Frame.h"
#include "core/TargetAccess.h"
#include "process/ThreadRegisters.h"

namespace rwd {

struct RegisterEntry {
  std::string name;
  std::string value;
  std::string type;
  std::vector<std::pair<std::string, std::string>> lanes;  // vector registers: their views
};

struct RegisterGroup {
  std::string name;
  std::vector<RegisterEntry> registers;
};

// A general register for an expression: its value when the frame knows it.
struct ScalarRegister {
  std::optional<uint64_t> value;  // nullopt: not known in this frame
  bool isAddress = false;         // rip, rsp, rbp (and pc, sp, fp)
};

class RegisterGroups {
 public:
  static std::vector<RegisterGroup> ofThread(const ThreadRegisters& registers);
  static std::vector<RegisterGroup> ofOuterFrame(const FrameRegisters& registers);
  // ofThread for frame 0 (reading the thread), ofOuterFrame otherwise.
  static std::vector<RegisterGroup> forFrame(TargetAccess& target, const Frame& frame);
  // "rax", "eflags", "pc" … (without the '$'); nullopt when no such register.
  static std::optional<ScalarRegister> scalar(TargetAccess& target, const Frame& frame, const std::string& name);

  static constexpr const char* kGeneral = "General";
  static constexpr const char* kVector = "Vector (SSE/AVX)";
  static constexpr const char* kX87 = "x87";
};

}  // namespace rwd
