// SignalFrameCapture: single-step delivery and the frame's extent.
#include "replay/SignalFrameCapture.h"

#include <signal.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "record/RemoteMemory.h"
#include "record/SignalFrameEffects.h"
#include "replay/Ptrace.h"
#include "replay/TraceeStop.h"

namespace rwd {

namespace {
constexpr uint64_t kLargestFrame = 64 * 1024;     // rt_sigframe plus the largest xsave image, rounded up
constexpr uint64_t kStackOffsetInFrame = 8 + 16;  // pretcode, then ucontext's uc_flags and uc_link
}  // namespace

bool SignalFrameCapture::caught(pid_t pid, int signal) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) == 0) {
      const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
      return (mask >> (signal - 1)) & 1;
    }
  }
  return false;
}

std::optional<std::vector<MemoryPatch>> SignalFrameCapture::deliver(pid_t pid, int signal,
                                                                    const user_regs_struct& before) {
  Ptrace::step(pid, signal);
  const TraceeStop stop = TraceeStop::waitFor(pid);
  if (stop.kind == TraceeStop::Kind::Exited) return std::nullopt;
  if (stop.kind != TraceeStop::Kind::Signal || stop.signal != SIGTRAP)
    throw std::runtime_error("a signal handler did not start as expected (" + stop.describe() + ")");
  const user_regs_struct entry = Ptrace::registers(pid);
  const RemoteMemory memory(pid, nullptr);
  uint64_t end = before.rsp - SignalFrameEffects::kRedZone;
  if (entry.rsp >= end || end - entry.rsp > kLargestFrame) {
    // On the alternate stack: the frame reaches the top of it (ucontext's uc_stack).
    uint64_t stack[3] = {};  // ss_sp, ss_flags (with padding), ss_size
    if (!memory.read(entry.rsp + kStackOffsetInFrame, stack, sizeof stack))
      throw std::runtime_error("cannot read a signal frame on the alternate stack");
    end = stack[0] + stack[2];
  }
  if (end <= entry.rsp || end - entry.rsp > kLargestFrame)
    throw std::runtime_error("a signal frame has an unexpected size");
  MemoryPatch frame;
  frame.address = entry.rsp;
  frame.bytes.resize(end - entry.rsp);
  if (!memory.read(frame.address, frame.bytes.data(), frame.bytes.size()))
    throw std::runtime_error("cannot read a signal frame");
  return std::vector<MemoryPatch>{std::move(frame)};
}

}  // namespace rwd
