// Unwinder: call stacks with libdwfl's unwinder. The Dwfl of the
// SymbolIndex is attached to the debuggee once (dwfl_attach_state) with
// callbacks that read registers and memory through TargetAccess; module
// changes later (refresh) need no new attach, since libdwfl looks modules
// up by address at every step. A walk stops as soon as the page asked for
// is complete, so a page costs what it shows, not the depth of the stack.
#include "symbols/Unwinder.h"

#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <libelf.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "symbols/CfaCalculator.h"
#include "symbols/MemoryCache.h"

namespace rwd {

namespace {

constexpr int kRegisterCount = 17;  // DWARF x86-64: rax..r15 and rip
constexpr int kStackPointer = 7;

// What the thread callbacks see. It belongs to the Dwfl once attached and
// is freed by the detach callback when the Dwfl ends.
struct AttachContext {
  TargetAccess* target = nullptr;
  MemoryCache* memory = nullptr;  // set during a walk
  std::vector<pid_t> threads;
  size_t nextThread = 0;
  int fd = -1;
  Elf* elf = nullptr;
};

void registersFromUser(const user_regs_struct& regs, Dwarf_Word (&out)[kRegisterCount]) {
  const Dwarf_Word values[kRegisterCount] = {regs.rax, regs.rdx, regs.rcx, regs.rbx, regs.rsi, regs.rdi,
                                             regs.rbp, regs.rsp, regs.r8,  regs.r9,  regs.r10, regs.r11,
                                             regs.r12, regs.r13, regs.r14, regs.r15, regs.rip};
  for (int i = 0; i < kRegisterCount; ++i) out[i] = values[i];
}

FrameRegisters frameRegisters(const user_regs_struct& regs) {
  Dwarf_Word values[kRegisterCount];
  registersFromUser(regs, values);
  FrameRegisters out;
  for (int i = 0; i < kRegisterCount; ++i) {
    out.value[i] = values[i];
    out.known[i] = true;
  }
  return out;
}

pid_t nextThread(Dwfl*, void* arg, void** threadArg) {
  auto* context = static_cast<AttachContext*>(arg);
  if (*threadArg == nullptr) {
    context->threads = context->target->threadIds();
    context->nextThread = 0;
    *threadArg = context;
  }
  if (context->nextThread >= context->threads.size()) return 0;
  return context->threads[context->nextThread++];
}

bool getThread(Dwfl*, pid_t, void* arg, void** threadArg) {
  *threadArg = arg;  // an unknown tid fails when its registers are read
  return true;
}

bool memoryRead(Dwfl*, Dwarf_Addr address, Dwarf_Word* result, void* arg) {
  auto* context = static_cast<AttachContext*>(arg);
  uint64_t value = 0;
  size_t got = context->memory ? context->memory->read(address, &value, sizeof value)
                               : context->target->readMemory(address, &value, sizeof value);
  if (got != sizeof value) return false;
  *result = value;
  return true;
}

bool setInitialRegisters(Dwfl_Thread* thread, void* threadArg) {
  auto* context = static_cast<AttachContext*>(threadArg);
  user_regs_struct regs;
  if (!context->target->readRegisters(dwfl_thread_tid(thread), regs)) return false;
  Dwarf_Word values[kRegisterCount];
  registersFromUser(regs, values);
  if (!dwfl_thread_state_registers(thread, 0, kRegisterCount, values)) return false;
  dwfl_thread_state_register_pc(thread, regs.rip);
  return true;
}

void detachProcess(Dwfl*, void* arg) {
  auto* context = static_cast<AttachContext*>(arg);
  if (context->elf) elf_end(context->elf);
  if (context->fd >= 0) ::close(context->fd);
  delete context;
}

const Dwfl_Thread_Callbacks kThreadCallbacks = {
    .next_thread = nextThread,
    .get_thread = getThread,
    .memory_read = memoryRead,
    .set_initial_registers = setInitialRegisters,
    .detach = detachProcess,
    .thread_detach = nullptr,
};

struct Walk {
  int start = 0;
  int max = 0;
  std::vector<Frame>* out = nullptr;
  int index = 0;
  bool pageComplete = false;
  bool havePrevious = false;
  uint64_t previousPc = 0;
  uint64_t previousSp = 0;
};

int onFrame(Dwfl_Frame* state, void* arg) {
  Walk& walk = *static_cast<Walk*>(arg);
  Dwarf_Addr pc = 0;
  bool activation = false;
  if (!dwfl_frame_pc(state, &pc, &activation)) return DWARF_CB_ABORT;
  Dwarf_Word sp = 0;
  const bool spKnown = dwfl_frame_reg(state, kStackPointer, &sp) == 0;
  // A corrupt stack can repeat a frame forever: the stack pointer must
  // move towards the outermost frame.
  if (walk.havePrevious && spKnown && sp <= walk.previousSp && pc == walk.previousPc) return DWARF_CB_ABORT;
  walk.havePrevious = spKnown;
  walk.previousSp = sp;
  walk.previousPc = pc;

  const int index = walk.index++;
  // The CFA of a frame is the stack pointer of its caller before the call.
  if (index > walk.start && spKnown) walk.out->back().cfa = sp;
  if (index >= walk.start + walk.max) {
    walk.pageComplete = true;
    return DWARF_CB_ABORT;
  }
  if (index >= walk.start) {
    Frame frame;
    frame.index = index;
    frame.pc = pc;
    frame.lookupPc = activation || pc == 0 ? pc : pc - 1;
    for (int regno = 0; regno < kRegisterCount; ++regno) {
      Dwarf_Word value = 0;
      if (dwfl_frame_reg(state, regno, &value) == 0) {
        frame.registers.value[regno] = value;
        frame.registers.known[regno] = true;
      }
    }
    frame.registers.value[16] = pc;
    frame.registers.known[16] = true;
    walk.out->push_back(frame);
  }
  return DWARF_CB_OK;
}

}  // namespace

struct Unwinder::State {
  AttachContext* context = nullptr;  // owned by the Dwfl once attached
};

Unwinder::Unwinder(SymbolIndex& symbols, TargetAccess& target)
    : symbols_(symbols), target_(target), state_(std::make_unique<State>()) {}

Unwinder::~Unwinder() {
  if (state_->context) state_->context->memory = nullptr;
}

namespace {

AttachContext* attach(Dwfl* dwfl, TargetAccess& target) {
  auto* context = new AttachContext;
  context->target = &target;
  const pid_t pid = target.processId();
  // libdwfl takes the architecture from this ELF for the life of the Dwfl,
  // so it is a file of our own rather than a module that may go away (a
  // core dump's own ELF, which lives as long as the target).
  elf_version(EV_CURRENT);
  Elf* architecture = target.coreElf();
  if (!architecture) {
    context->fd = ::open(("/proc/" + std::to_string(pid) + "/exe").c_str(), O_RDONLY | O_CLOEXEC);
    if (context->fd >= 0) context->elf = elf_begin(context->fd, ELF_C_READ_MMAP, nullptr);
    architecture = context->elf;
  }
  if (!dwfl_attach_state(dwfl, architecture, pid, &kThreadCallbacks, context)) {
    detachProcess(dwfl, context);
    return nullptr;
  }
  return context;
}

}  // namespace

std::vector<Frame> Unwinder::frames(pid_t tid, int startFrame, int maxFrames, bool* reachedEnd) {
  std::vector<Frame> out;
  if (reachedEnd) *reachedEnd = false;
  if (maxFrames <= 0 || startFrame < 0) return out;
  Dwfl* dwfl = symbols_.dwfl();
  if (!state_->context && dwfl && !symbols_.modules().empty()) state_->context = attach(dwfl, target_);
  MemoryCache memory(target_);
  // The current frame: the thread's registers, and its CFA from the CFI at
  // the pc (the caller's stack pointer before the call, which is what a
  // walk would take from the caller).
  auto current = [&]() -> std::optional<Frame> {
    user_regs_struct regs;
    if (!target_.readRegisters(tid, regs)) return std::nullopt;
    Frame frame;
    frame.tid = tid;
    frame.pc = frame.lookupPc = regs.rip;
    frame.registers = frameRegisters(regs);
    const auto cfa = CfaCalculator::cfaAt(dwfl, frame.lookupPc, frame.registers, &memory);
    frame.cfa = cfa.value_or(0);
    if (!cfa && state_->context) return std::nullopt;  // a walk may still find it
    return frame;
  };
  if (!state_->context) {
    // No modules to unwind with: the current frame is all there is.
    if (startFrame != 0) return out;
    if (auto frame = current()) out.push_back(*frame);
    if (reachedEnd) *reachedEnd = !out.empty();
    return out;
  }
  // The current frame alone (a condition, a log point, a step's CFA): no
  // walk when the CFI gives its CFA.
  if (startFrame == 0 && maxFrames == 1 && !reachedEnd) {
    if (auto frame = current()) {
      out.push_back(*frame);
      return out;
    }
  }
  Walk walk;
  walk.start = startFrame;
  walk.max = maxFrames;
  walk.out = &out;
  state_->context->memory = &memory;
  dwfl_getthread_frames(dwfl, tid, onFrame, &walk);
  state_->context->memory = nullptr;
  if (reachedEnd) *reachedEnd = !walk.pageComplete;
  for (Frame& frame : out) frame.tid = tid;
  if (!out.empty() && !walk.pageComplete) {
    // The outermost frame has no caller to take its CFA from.
    Frame& last = out.back();
    last.cfa = CfaCalculator::cfaAt(dwfl, last.lookupPc, last.registers, &memory).value_or(0);
  }
  return out;
}

uint64_t Unwinder::cfaFor(const user_regs_struct& regs) {
  MemoryCache memory(target_);
  return CfaCalculator::cfaAt(symbols_.dwfl(), regs.rip, frameRegisters(regs), &memory).value_or(0);
}

uint64_t Unwinder::currentCfa(pid_t tid) {
  user_regs_struct regs;
  if (!target_.readRegisters(tid, regs)) return 0;
  const FrameRegisters registers = frameRegisters(regs);
  MemoryCache memory(target_);
  if (auto cfa = CfaCalculator::cfaAt(symbols_.dwfl(), regs.rip, registers, &memory)) return *cfa;
  auto outer = frames(tid, 0, 1);
  return outer.empty() ? 0 : outer.front().cfa;
}

}  // namespace rwd
