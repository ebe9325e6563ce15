// rewind-probe-bench: what one pass through a uprobe with a BPF program
// costs on this machine, by the kind of instruction probed. The kernel
// emulates some instructions at a uprobe (jmp, jcc, call rel32, push of a
// register, nops) and steps every other one out of line (XOL: a second
// trap). A child runs a loop of N passes through a small routine; the
// tracer puts a counting probe (no stop) on one of its instructions and
// takes the child's processor time (user + kernel, which the machine's
// other load does not inflate), minus the same run without a probe.
// Usage: rewind-probe-bench [passes]; prints one line per site.
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "probe/ProbeEngine.h"
#include "probe/ProbeSupport.h"

using namespace rwd;

// rwd_bench_step(i): a store (stepped out of line), a push (emulated), a
// compare and a jcc (emulated), a jmp (emulated).
extern "C" uint64_t rwd_bench_step(uint64_t);
extern "C" char rwd_bench_store[], rwd_bench_push[], rwd_bench_nop5[], rwd_bench_jcc[], rwd_bench_jmp[];
asm(R"(
  .pushsection .text
  .globl rwd_bench_step, rwd_bench_store, rwd_bench_nop5, rwd_bench_push, rwd_bench_jcc, rwd_bench_jmp
  rwd_bench_step:
  rwd_bench_store:
    movq %rdi, -8(%rsp)
  rwd_bench_nop5:
    .byte 0x0f, 0x1f, 0x44, 0x00, 0x00
  rwd_bench_push:
    pushq %rbx
    popq %rbx
    cmpq $-1, %rdi
  rwd_bench_jcc:
    je 1f
  rwd_bench_jmp:
    jmp 2f
  1:
    xorl %eax, %eax
  2:
    leaq 1(%rdi), %rax
    ret
  .popsection
)");

namespace {

int childMain(uint64_t passes) {
  ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
  raise(SIGSTOP);
  uint64_t sum = 0;
  for (uint64_t i = 0; i < passes; ++i) sum += rwd_bench_step(i);
  return sum == passes * (passes + 1) / 2 ? 0 : 3;
}

pid_t startChild(const char* self, uint64_t passes) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string count = std::to_string(passes);
    execl("/proc/self/exe", self, "--child", count.c_str(), nullptr);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

// Seconds from resuming the child to its exit; the probe's pass count.
double runChild(const char* self, uint64_t passes, const char* symbol, uint64_t& counted) {
  ProbeEngine engine;
  const pid_t pid = startChild(self, passes);
  int id = -1;
  if (symbol) {
    // The child is this same file: the site is the same place in it (its
    // address there is not needed by a probe that never stops).
    const auto here = ProbeSite::of(getpid(), reinterpret_cast<uint64_t>(symbol));
    if (!here) return -1;
    ProbeSite site = *here;
    site.address = 0;
    id = engine.place(ProbeRequest{pid, site, {}, HitRule{HitRule::Kind::Never}});
  }
  const auto started = std::chrono::steady_clock::now();
  ptrace(PTRACE_CONT, pid, nullptr, nullptr);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // The child's own processor time (user + kernel): what the machine's
  // other load does not inflate; the wall time is printed beside it.
  const double seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
  std::printf("  (wall %.3f s)\n", wall);
  counted = id >= 0 ? engine.counts(id).passes : 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--child") return childMain(std::strtoull(argv[2], nullptr, 10));
  const uint64_t passes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
  if (const auto& reason = ProbeSupport::unavailableReason(); !reason.empty()) {
    std::printf("probes unavailable: %s\n", reason.c_str());
    return 1;
  }
  uint64_t counted = 0;
  const double bare = runChild(argv[0], passes, nullptr, counted);
  std::printf("no probe: %.3f s for %llu passes\n", bare, static_cast<unsigned long long>(passes));
  const struct {
    const char* name;
    const char* symbol;
  } sites[] = {{"mov store (out of line)", rwd_bench_store},
               {"nop5 (emulated; optimized to a call where the kernel can)", rwd_bench_nop5},
               {"push %rbx (emulated)", rwd_bench_push},
               {"je (emulated)", rwd_bench_jcc},
               {"jmp (emulated)", rwd_bench_jmp}};
  for (const auto& site : sites) {
    const double seconds = runChild(argv[0], passes, site.symbol, counted);
    if (seconds < 0 || counted != passes) {
      std::printf("%s: failed (counted %llu)\n", site.name, static_cast<unsigned long long>(counted));
      continue;
    }
    std::printf("%s: %.3f s, %.2f us/pass\n", site.name, seconds, (seconds - bare) * 1e6 / static_cast<double>(passes));
  }
  return 0;
}
