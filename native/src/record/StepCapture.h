// StepCapture: what the recorder saved in beforeStep() for one thread's
// step, kept until afterStep() turns it into a history entry: the
// registers before, the planned ranges and the bytes read from them, and
// for a system call or a signal delivery what is needed to judge the
// outcome (trim to the call's result, check the frame landed where
// predicted, take the memory map after a map change).
#pragma once

#include <sys/user.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "record/EntryCodec.h"
#include "record/MapChangeRecord.h"
#include "record/MemoryLayout.h"
#include "record/MemoryRange.h"
#include "record/SyscallCall.h"
#include "record/SyscallEffect.h"

namespace rwd {

namespace planned {
constexpr uint8_t kTrimmable = 1;      // a system call's "may write": narrowed to what the result says
constexpr uint8_t kSkipZeroPages = 2;  // memory the call removes: a page of zeros comes back by itself
}  // namespace planned

struct StepCapture {
  bool active = false;
  bool unrecorded = false;  // the history was cut before this step: it is not logged
  user_regs_struct before{};
  std::vector<MemoryRange> planned;
  std::vector<uint8_t> plannedFlags;  // planned:: bits, per planned range
  std::vector<SpanDraft> spans;       // what was read, in order; bytes one after the other
  std::vector<uint8_t> trimmable;     // per span: 1 when it came from a trimmable range
  std::vector<uint8_t> bytes;
  std::vector<MemoryRange> unreadable;  // planned bytes that could not be read (maybe a page not there yet)

  bool syscall = false;
  bool restarted = false;  // an interrupted call the kernel may restart in this step
  uint64_t syscallAddress = 0;
  SyscallCall call;
  SyscallEffect effect;
  bool mapChanging = false;
  MemoryLayout layoutBefore;  // the whole map, for calls that change it

  int signal = 0;
  uint64_t expectedFrameStack = 0;  // rsp at the handler's entry if the frame lands where predicted

  void plan(const MemoryRange& range, uint8_t flags = 0) {
    if (range.length == 0) return;
    planned.push_back(range);
    plannedFlags.push_back(flags);
  }

  void reset() {
    active = true;
    unrecorded = false;
    planned.clear();
    plannedFlags.clear();
    spans.clear();
    trimmable.clear();
    bytes.clear();
    unreadable.clear();
    syscall = false;
    restarted = false;
    mapChanging = false;
    signal = 0;
    expectedFrameStack = 0;
  }
};

}  // namespace rwd
