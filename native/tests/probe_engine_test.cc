// Test of ProbeEngine on this machine, with a traced child that calls a
// small assembly routine in a loop. Where probes are unavailable the test
// checks that the reason is one sentence and that placing a probe says it.
// Where they work: passes and hits are counted exactly in the kernel; a
// stop at the Nth hit is exact — after the saved state is put back, the
// child's registers and memory equal those of a plain int3 breakpoint at
// the same pass of a second child (and differ before, since the signal
// comes after the probed store ran);
// resuming through the probe once does not judge that pass again; a
// predicate that cannot read its memory stops and is counted as a fault;
// the hit rules (==, >=, %) stop at the right hits. Approaches
// (EmulatedApproach): where a probe for a place sits is found in the
// function's code (a jl taken, a nop and a jg, a je not taken; refused
// after a call, behind an indirect jump, at an entry); probes there count
// every pass through the place exactly, and stop there exactly.
#include "support/Check.h"
#include "probe/EmulatedApproach.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeSupport.h"

#include <signal.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace rwd;

// rwd_probe_target(i): stores i in rwd_probe_slot, pushes and pops a
// register, returns i + 1. The probed instruction is its first one, a
// store to memory that the kernel steps out of line: an inexact stop
// would show the store already done.
extern "C" uint64_t rwd_probe_target(uint64_t);
extern "C" char rwd_probe_site[];
extern "C" volatile uint64_t rwd_probe_slot;
// Loops whose body (B) is not emulated but is reached only through
// instructions the kernel emulates: rwd_approach_loop(n) (a -O0 loop: B only
// from the jl taken; B stores its counter rcx in rwd_probe_slot),
// rwd_approach_two(n) (an -O2 loop: B from a kernel nop and the jg taken),
// rwd_approach_odd(n) (B only from the je not taken). And places where no
// approach can be proved: after a call, in a function with an indirect jump.
extern "C" uint64_t rwd_approach_loop(uint64_t);
extern "C" uint64_t rwd_approach_two(uint64_t);
extern "C" uint64_t rwd_approach_odd(uint64_t);
extern "C" uint64_t rwd_approach_refused(uint64_t);
extern "C" char rwd_approach_body[], rwd_approach_jl[], rwd_approach_two_body[], rwd_approach_odd_body[],
    rwd_approach_after_call[], rwd_approach_switch[], rwd_approach_switch_case[];
asm(R"(
  .pushsection .text
  .globl rwd_probe_target, rwd_probe_site
  rwd_probe_target:
  rwd_probe_site:
    movq %rdi, rwd_probe_slot(%rip)
    pushq %rbx
    leaq 1(%rdi), %rax
    popq %rbx
    ret
  .popsection
  .pushsection .text
  .globl rwd_approach_loop, rwd_approach_body, rwd_approach_jl
  .type rwd_approach_loop, @function
  rwd_approach_loop:
    xorl %eax, %eax
    xorl %ecx, %ecx
    jmp 2f
  rwd_approach_body:
    movq %rcx, rwd_probe_slot(%rip)
    addq %rcx, %rax
    incq %rcx
  2:
    cmpq %rdi, %rcx
  rwd_approach_jl:
    jl rwd_approach_body
    ret
  .size rwd_approach_loop, . - rwd_approach_loop

  .globl rwd_approach_two, rwd_approach_two_body
  .type rwd_approach_two, @function
  rwd_approach_two:
    xorl %eax, %eax
    xorl %edx, %edx
    .byte 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00
  rwd_approach_two_body:
    addq %rdx, %rax
    addq $1, %rdx
    cmpq %rdx, %rdi
    jg rwd_approach_two_body
    ret
  .size rwd_approach_two, . - rwd_approach_two

  .globl rwd_approach_odd, rwd_approach_odd_body
  .type rwd_approach_odd, @function
  rwd_approach_odd:
    xorl %eax, %eax
    testq $1, %rdi
    je 1f
  rwd_approach_odd_body:
    movl $1, %eax
  1:
    ret
  .size rwd_approach_odd, . - rwd_approach_odd

  .globl rwd_approach_refused, rwd_approach_after_call, rwd_approach_switch, rwd_approach_switch_case
  .type rwd_approach_refused, @function
  rwd_approach_refused:
    pushq %rbx
    call rwd_approach_odd
  rwd_approach_after_call:
    movq %rax, %rbx
    popq %rbx
    ret
  .size rwd_approach_refused, . - rwd_approach_refused
  .type rwd_approach_switch, @function
  rwd_approach_switch:
    leaq 1f(%rip), %rax
    jmp *%rax
  1:
  rwd_approach_switch_case:
    movl $3, %eax
    ret
  .size rwd_approach_switch, . - rwd_approach_switch
  .popsection
  .pushsection .data
  .globl rwd_probe_slot
  .balign 8
  rwd_probe_slot: .quad 0
  .popsection
)");

namespace {

constexpr uint64_t kLoops = 20000;

// The child: this program run again with --child and without address
// randomization, so that every child has the same addresses and, at the
// same pass, the same registers. It stops itself, clears the registers
// that still hold its thread id, then calls the target kLoops times and
// exits 0.
int childMain() {
  ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
  raise(SIGSTOP);
  asm volatile(
      "xor %%eax, %%eax; xor %%ecx, %%ecx; xor %%edx, %%edx; xor %%esi, %%esi; xor %%edi, %%edi; "
      "xor %%r8d, %%r8d; xor %%r9d, %%r9d; xor %%r10d, %%r10d; xor %%r11d, %%r11d" ::
          : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "cc");
  uint64_t sum = 0;
  for (uint64_t i = 0; i < kLoops; ++i) sum += rwd_probe_target(i);
  if (sum != kLoops * (kLoops + 1) / 2 || rwd_probe_slot != kLoops - 1) return 3;
  const uint64_t triangle = kLoops * (kLoops - 1) / 2;
  if (rwd_approach_loop(kLoops) != triangle || rwd_probe_slot != kLoops - 1) return 4;
  if (rwd_approach_two(kLoops) != triangle) return 5;
  uint64_t odd = 0;
  for (uint64_t i = 0; i < kLoops; ++i) odd += rwd_approach_odd(i);
  return odd == kLoops / 2 ? 0 : 6;
}

pid_t startChild() {
  const pid_t pid = fork();
  if (pid == 0) {
    personality(ADDR_NO_RANDOMIZE);
    char self[] = "probe_engine_test", flag[] = "--child";
    char* arguments[] = {self, flag, nullptr};
    execv("/proc/self/exe", arguments);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);  // its own SIGSTOP, traced from then on
  return pid;
}

// This program's `address` where the child has it.
uint64_t inChild(pid_t pid, uint64_t address) {
  const auto here = ProbeSite::of(getpid(), address);
  const auto mapsPath = "/proc/" + std::to_string(pid) + "/maps";
  FILE* maps = std::fopen(mapsPath.c_str(), "r");
  char line[512];
  uint64_t found = 0;
  while (maps && std::fgets(line, sizeof line, maps)) {
    unsigned long long start = 0, end = 0, offset = 0;
    char path[400] = {};
    if (std::sscanf(line, "%llx-%llx %*s %llx %*s %*s %399s", &start, &end, &offset, path) != 4) continue;
    if (here && here->path == path && here->fileOffset >= offset && here->fileOffset < offset + (end - start)) {
      found = start + (here->fileOffset - offset);
    }
  }
  if (maps) std::fclose(maps);
  return found;
}

// Runs the child on until it stops or exits; the wait status.
int resume(pid_t pid, int signal = 0) {
  ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal)));
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

uint64_t siteIn(pid_t pid) { return inChild(pid, reinterpret_cast<uint64_t>(rwd_probe_site)); }
uint64_t slotIn(pid_t pid) { return inChild(pid, reinterpret_cast<uint64_t>(&rwd_probe_slot)); }

uint64_t peek(pid_t pid, uint64_t address) {
  return static_cast<uint64_t>(ptrace(PTRACE_PEEKDATA, pid, reinterpret_cast<void*>(address), nullptr));
}

// The state a stop shows: registers and the bytes the routine touches.
struct Snapshot {
  user_regs_struct registers{};
  uint64_t slot = 0;
  uint64_t stackTop = 0;
};

Snapshot snapshot(pid_t pid) {
  Snapshot shot;
  ptrace(PTRACE_GETREGS, pid, nullptr, &shot.registers);
  shot.slot = peek(pid, slotIn(pid));
  shot.stackTop = peek(pid, shot.registers.rsp - 8);  // where `push %rbx` writes
  return shot;
}

bool same(const Snapshot& a, const Snapshot& b) {
  return std::memcmp(&a.registers, &b.registers, sizeof a.registers) == 0 && a.slot == b.slot &&
         a.stackTop == b.stackTop;
}

// The reference: a plain int3 at `symbol` (the probe site by default),
// stepped over until pass `pass`.
Snapshot int3StopAtPass(uint64_t pass, const char* symbol = rwd_probe_site) {
  const pid_t pid = startChild();
  const auto site = inChild(pid, reinterpret_cast<uint64_t>(symbol));
  const uint64_t original = peek(pid, site);
  const uint64_t withTrap = (original & ~uint64_t{0xff}) | 0xcc;
  Snapshot shot;
  for (uint64_t seen = 1;; ++seen) {
    ptrace(PTRACE_POKEDATA, pid, reinterpret_cast<void*>(site), reinterpret_cast<void*>(withTrap));
    resume(pid);
    user_regs_struct registers{};
    ptrace(PTRACE_GETREGS, pid, nullptr, &registers);
    registers.rip = site;
    ptrace(PTRACE_SETREGS, pid, nullptr, &registers);
    ptrace(PTRACE_POKEDATA, pid, reinterpret_cast<void*>(site), reinterpret_cast<void*>(original));
    if (seen == pass) {
      shot = snapshot(pid);
      break;
    }
    ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return shot;
}

// Predicate: the routine's argument (rdi) equals `value`.
PredicateEmitter argumentIs(int32_t value) {
  return [value](BpfAssembler& code, const PredicateLabels& labels) {
    code.load(8, 1, ProbeEngine::kContextRegister, offsetof(user_regs_struct, rdi));
    code.jumpIf(BPF_JNE, 1, value, labels.isFalse);
  };
}

// At a stop signal: puts back what the probe saved; the probe's id.
int putBack(ProbeEngine& engine, pid_t pid, int status) {
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == ProbeEngine::kStopSignal);
  auto saved = engine.takeStop(pid);
  CHECK(saved.has_value());
  if (!saved) return -1;
  user_regs_struct registers{};
  ptrace(PTRACE_GETREGS, pid, nullptr, &registers);
  const user_regs_struct restored = saved->registersOver(registers);
  ptrace(PTRACE_SETREGS, pid, nullptr, &restored);
  const std::string memory = "/proc/" + std::to_string(pid) + "/mem";
  const int fd = open(memory.c_str(), O_RDWR);
  CHECK(pwrite(fd, saved->overwritten.data(), saved->overwritten.size(), static_cast<off_t>(saved->writeAddress)) ==
        static_cast<ssize_t>(saved->overwritten.size()));
  close(fd);
  return saved->probe;
}

// Stops of a probe with `rule` over the whole run: the hit numbers it stopped at.
std::vector<uint64_t> stopsWith(HitRule rule, size_t most) {
  ProbeEngine engine;
  const pid_t pid = startChild();
  ProbeRequest request{pid, *ProbeSite::of(pid, siteIn(pid)), {}, rule};
  const int id = engine.place(request);
  std::vector<uint64_t> stops;
  for (;;) {
    const int status = resume(pid);
    if (!WIFSTOPPED(status)) break;
    if (putBack(engine, pid, status) != id) break;
    user_regs_struct registers{};
    ptrace(PTRACE_GETREGS, pid, nullptr, &registers);
    CHECK(registers.rip == engine.address(id));
    stops.push_back(engine.counts(id).hits);
    engine.passOnce(id, registers.rsp);
    if (stops.size() >= most) {
      kill(pid, SIGKILL);
      resume(pid);
      break;
    }
  }
  return stops;
}

ProbeSite siteHere(const char* symbol) { return *ProbeSite::of(getpid(), reinterpret_cast<uint64_t>(symbol)); }
uint64_t addressOf(const char* symbol) { return reinterpret_cast<uint64_t>(symbol); }

// Where probes for the approach routines' places sit (no probe placed).
void checkApproachPlans() {
  const auto loop = EmulatedApproach::plan(siteHere(rwd_approach_body));
  CHECK(!loop.emulatedAtSite && loop.approaches.size() == 1);
  if (loop.approaches.size() == 1) {
    CHECK(loop.approaches[0].site.address == addressOf(rwd_approach_jl));
    CHECK(loop.approaches[0].test.kind == BranchTest::Kind::Taken && loop.approaches[0].test.condition == 0xc);
  }
  CHECK(loop.description.find("jl") != std::string::npos);

  const auto two = EmulatedApproach::plan(siteHere(rwd_approach_two_body));
  CHECK(two.approaches.size() == 2);
  if (two.approaches.size() == 2) {
    CHECK(two.approaches[0].site.address == addressOf(rwd_approach_two_body) - 6);  // the 6-byte nop
    CHECK(two.approaches[0].test.kind == BranchTest::Kind::Always);
    CHECK(two.approaches[1].test.kind == BranchTest::Kind::Taken && two.approaches[1].test.condition == 0xf);
  }

  const auto odd = EmulatedApproach::plan(siteHere(rwd_approach_odd_body));
  CHECK(odd.approaches.size() == 1);
  if (odd.approaches.size() == 1) {
    CHECK(odd.approaches[0].test.kind == BranchTest::Kind::NotTaken && odd.approaches[0].test.condition == 0x4);
  }

  // Not proved: after a call (its return reaches it), behind an indirect
  // jump, at a function's entry; emulated at the site itself: a push.
  const auto afterCall = EmulatedApproach::plan(siteHere(rwd_approach_after_call));
  CHECK(afterCall.approaches.empty() && !afterCall.emulatedAtSite);
  CHECK(afterCall.why.find("call") != std::string::npos);
  const auto behindSwitch = EmulatedApproach::plan(siteHere(rwd_approach_switch_case));
  CHECK(behindSwitch.approaches.empty() && behindSwitch.why.find("indirect jump") != std::string::npos);
  const auto entry = EmulatedApproach::plan(siteHere(reinterpret_cast<char*>(rwd_approach_loop)));
  CHECK(entry.approaches.empty() && entry.why.find("entry") != std::string::npos);
  CHECK(EmulatedApproach::plan(siteHere(reinterpret_cast<char*>(rwd_approach_refused))).emulatedAtSite);
}

// A counting probe on the approaches of `symbol`: the passes it counted in a whole run.
uint64_t passesThroughApproaches(const char* symbol) {
  ProbeEngine engine;
  const pid_t pid = startChild();
  ProbeRequest request{pid, *ProbeSite::of(pid, inChild(pid, addressOf(symbol))), {}, HitRule{HitRule::Kind::Never}};
  request.approaches = EmulatedApproach::plan(request.site).approaches;
  CHECK(!request.approaches.empty());
  const int id = engine.place(request);
  const int status = resume(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return engine.counts(id).passes;
}

// A probe on the jl before rwd_approach_body, condition rcx == 1234: the
// thread stops at B's pass 1235 with every register and byte as an int3 at
// B shows it, before anything is put back (the jl changed only rip).
void checkStopThroughApproach() {
  const Snapshot reference = int3StopAtPass(1235, rwd_approach_body);
  CHECK(reference.registers.rcx == 1234);
  ProbeEngine engine;
  const pid_t pid = startChild();
  ProbeRequest request{pid, *ProbeSite::of(pid, inChild(pid, addressOf(rwd_approach_body))), {}, HitRule{}};
  request.approaches = EmulatedApproach::plan(request.site).approaches;
  request.predicate = [](BpfAssembler& code, const PredicateLabels& labels) {
    code.load(8, 1, ProbeEngine::kContextRegister, offsetof(user_regs_struct, rcx));
    code.jumpIf(BPF_JNE, 1, 1234, labels.isFalse);
  };
  const int id = engine.place(request);
  const int status = resume(pid);
  CHECK(same(snapshot(pid), reference));
  auto saved = engine.takeStop(pid);
  CHECK(saved && saved->probe == id && saved->overwritten.empty());
  if (saved) {
    CHECK(saved->approach == inChild(pid, addressOf(rwd_approach_jl)));
    user_regs_struct registers{};
    ptrace(PTRACE_GETREGS, pid, nullptr, &registers);
    const user_regs_struct restored = saved->registersOver(registers);
    CHECK(std::memcmp(&restored, &registers, sizeof registers) == 0);
  }
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == ProbeEngine::kStopSignal);
  CHECK(engine.counts(id).passes == 1235);
  engine.passOnce(id, reference.registers.rsp);  // nothing to pass: the thread is past the jl
  const int end = resume(pid);
  CHECK(WIFEXITED(end) && WEXITSTATUS(end) == 0);
  CHECK(engine.counts(id).passes == kLoops && engine.counts(id).hits == 1);
}

void checkUnavailable(const std::string& reason) {
  std::printf("probes unavailable here: %s\n", reason.c_str());
  CHECK(reason.find('\n') == std::string::npos && reason.size() > 20);
  ProbeEngine engine;
  bool refused = false;
  try {
    engine.place(ProbeRequest{getpid(), ProbeSite{"/bin/true", 0, 0}, {}, {}});
  } catch (const ProbeError& error) { refused = error.what() == reason; }
  CHECK(refused);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--child") return childMain();
  alarm(120);
  checkApproachPlans();
  const auto& reason = ProbeSupport::unavailableReason();
  if (!reason.empty()) {
    checkUnavailable(reason);
    return checkFailures() ? 1 : 0;
  }

  // Counting only: every pass, no stop.
  {
    ProbeEngine engine;
    const pid_t pid = startChild();
    const auto site = ProbeSite::of(pid, siteIn(pid));
    CHECK(site && site->address != 0);
    const int id = engine.place(ProbeRequest{pid, *site, argumentIs(777), HitRule{HitRule::Kind::Never}});
    const int status = resume(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto counts = engine.counts(id);
    CHECK(counts.passes == kLoops);
    CHECK(counts.hits == 1);
    CHECK(counts.stops == 0);
  }

  // The exact stop: condition true at pass 1235 (argument 1234).
  {
    const Snapshot reference = int3StopAtPass(1235);
    CHECK(reference.registers.rdi == 1234 && reference.registers.rip != 0);
    ProbeEngine engine;
    const pid_t pid = startChild();
    const int id = engine.place(ProbeRequest{pid, *ProbeSite::of(pid, siteIn(pid)), argumentIs(1234), HitRule{}});
    const int status = resume(pid);
    // Before the state is put back, the store at the site has run.
    CHECK(!same(snapshot(pid), reference));
    CHECK(snapshot(pid).slot == 1234);
    CHECK(putBack(engine, pid, status) == id);
    user_regs_struct registers{};
    ptrace(PTRACE_GETREGS, pid, nullptr, &registers);
    const Snapshot atProbe = snapshot(pid);
    CHECK(same(atProbe, reference));
    CHECK(atProbe.slot == 1233);  // the store at the site has not run
    CHECK(engine.counts(id).passes == 1235);
    // On through the probe: that pass is not judged again, the rest are counted.
    engine.passOnce(id, registers.rsp);
    const int end = resume(pid);
    CHECK(WIFEXITED(end) && WEXITSTATUS(end) == 0);
    CHECK(engine.counts(id).passes == kLoops);
    CHECK(engine.counts(id).hits == 1);
  }

  // Hit rules.
  CHECK((stopsWith(HitRule{HitRule::Kind::Equal, 10}, 5) == std::vector<uint64_t>{10}));
  CHECK((stopsWith(HitRule{HitRule::Kind::AtLeast, 19998}, 5) == std::vector<uint64_t>{19998, 19999, 20000}));
  CHECK((stopsWith(HitRule{HitRule::Kind::Multiple, 7000}, 5) == std::vector<uint64_t>{7000, 14000}));

  // A predicate that faults stops at the first pass and counts the fault.
  {
    ProbeEngine engine;
    const pid_t pid = startChild();
    auto readsNull = [](BpfAssembler& code, const PredicateLabels& labels) {
      code.moveRegister(1, 10);
      code.alu(BPF_ADD, 1, ProbeEngine::kPredicateStackTop - 8);
      code.moveImmediate(2, 8);
      code.moveImmediate(3, 0);
      code.call(BPF_FUNC_probe_read_user);
      code.jumpIf(BPF_JNE, 0, 0, labels.fault);
    };
    const int id = engine.place(ProbeRequest{pid, *ProbeSite::of(pid, siteIn(pid)), readsNull, HitRule{}});
    const int status = resume(pid);
    CHECK(putBack(engine, pid, status) == id);
    const auto counts = engine.counts(id);
    CHECK(counts.passes == 1 && counts.faults == 1 && counts.hits == 0);
    kill(pid, SIGKILL);
    resume(pid);
  }

  // Approaches: every pass through B counted once, through each way in.
  CHECK(passesThroughApproaches(rwd_approach_body) == kLoops);
  CHECK(passesThroughApproaches(rwd_approach_two_body) == kLoops);
  CHECK(passesThroughApproaches(rwd_approach_odd_body) == kLoops / 2);
  checkStopThroughApproach();

  // A refused program names the verifier's complaint.
  {
    ProbeEngine engine;
    const pid_t pid = startChild();
    auto readsContextOutOfBounds = [](BpfAssembler& code, const PredicateLabels&) {
      code.load(8, 1, ProbeEngine::kContextRegister, 4000);
    };
    std::string message;
    try {
      engine.place(ProbeRequest{pid, *ProbeSite::of(pid, siteIn(pid)), readsContextOutOfBounds, HitRule{}});
    } catch (const ProbeError& error) { message = error.what(); }
    CHECK(message.find("the kernel refused the probe program (") == 0);
    kill(pid, SIGKILL);
    resume(pid);
  }
  std::printf("%s\n", checkFailures() ? "FAILED" : "ok");
  return checkFailures() ? 1 : 0;
}
