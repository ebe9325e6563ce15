// Shared helpers of the symbols_*_test programs: the checks (support/Check.h), compiling a
// C fixture from native/tests/data with gcc into a temporary directory,
// finding `// #name` marker lines, and TracedProgram — a minimal ptrace
// debuggee (fork, PTRACE_TRACEME, execve; int3 breakpoints) that
// implements TargetAccess the way the real process layer does.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "Check.h"
#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"

namespace rwd::testsupport {

// The count of failed checks (support/Check.h's), under the name these tests use.
inline int& failures = checkFailures();

// Temporary directories of compiled fixtures, removed by summary().
inline std::vector<std::filesystem::path> temporaryDirectories;

inline int summary(const char* name) {
  for (const auto& directory : temporaryDirectories) {
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
  }
  return checkSummary(name);
}

inline std::filesystem::path dataDirectory() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "data";
}

inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Line (1-based) of the line holding `// #name` in the fixture source.
inline int markerLine(const std::filesystem::path& source, const std::string& name) {
  std::istringstream lines(readText(source));
  std::string text;
  const std::string marker = "// #" + name;
  for (int number = 1; std::getline(lines, text); ++number) {
    size_t at = text.find(marker);
    if (at != std::string::npos) {
      size_t end = at + marker.size();
      if (end == text.size() || text[end] == ' ') return number;
    }
  }
  throw std::runtime_error("no marker " + marker + " in " + source.string());
}

struct CompiledProgram {
  std::filesystem::path directory;
  std::filesystem::path source;  // the copy that was compiled (DWARF names it)
  std::filesystem::path binary;
};

// Copies native/tests/data/<file> into a fresh temporary directory and
// compiles it there with gcc (g++ for .cc) and `flags`.
inline CompiledProgram compileFixture(const std::string& file, const std::string& flags = "-g -O0") {
  char pattern[] = "/tmp/rwd-symbols-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  CompiledProgram program;
  program.directory = pattern;
  temporaryDirectories.push_back(program.directory);
  program.source = program.directory / file;
  std::filesystem::copy_file(dataDirectory() / file, program.source);
  program.binary = program.directory / std::filesystem::path(file).stem();
  const char* compiler = program.source.extension() == ".cc" ? "g++" : "gcc";
  std::string command = "cd '" + program.directory.string() + "' && " + compiler + " " + flags + " -o '" +
                        program.binary.string() + "' '" + file + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("compiling failed: " + command);
  return program;
}

class TracedProgram : public TargetAccess {
 public:
  explicit TracedProgram(const std::filesystem::path& binary, std::vector<std::string> arguments = {}) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 1);
      ::dup2(null, 0);
      ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
      std::vector<char*> argv;
      std::string path = binary.string();
      argv.push_back(path.data());
      for (auto& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(path.c_str(), argv.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    if (!WIFSTOPPED(status)) throw std::runtime_error("the fixture did not stop after execve");
    ::ptrace(PTRACE_SETOPTIONS, pid_, nullptr, reinterpret_cast<void*>(PTRACE_O_EXITKILL));
    memFd_ = ::open(("/proc/" + std::to_string(pid_) + "/mem").c_str(), O_RDWR);
  }
  ~TracedProgram() override {
    if (memFd_ >= 0) ::close(memFd_);
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  size_t readMemory(uint64_t address, void* out, size_t length) override {
    iovec local{out, length};
    iovec remote{reinterpret_cast<void*>(address), length};
    ssize_t got = ::process_vm_readv(pid_, &local, 1, &remote, 1, 0);
    if (got <= 0) return 0;
    for (const auto& [site, original] : breakpoints_) {
      if (site >= address && site < address + static_cast<uint64_t>(got)) {
        static_cast<uint8_t*>(out)[site - address] = original;
      }
    }
    return static_cast<size_t>(got);
  }
  bool writeMemory(uint64_t address, const void* in, size_t length) override {
    return ::pwrite(memFd_, in, length, static_cast<off_t>(address)) == static_cast<ssize_t>(length);
  }
  bool readRegisters(pid_t tid, user_regs_struct& regs) override {
    return tid == pid_ && ::ptrace(PTRACE_GETREGS, tid, nullptr, &regs) == 0;
  }
  pid_t processId() const override { return pid_; }
  std::vector<pid_t> threadIds() const override { return {pid_}; }

  void insertBreakpoint(uint64_t address) {
    if (breakpoints_.count(address)) return;
    uint8_t original = 0;
    if (::pread(memFd_, &original, 1, static_cast<off_t>(address)) != 1) throw std::runtime_error("cannot read code");
    const uint8_t trap = 0xCC;
    if (!writeMemory(address, &trap, 1)) throw std::runtime_error("cannot write a breakpoint");
    breakpoints_[address] = original;
  }
  void removeBreakpoint(uint64_t address) {
    auto found = breakpoints_.find(address);
    if (found == breakpoints_.end()) return;
    writeMemory(address, &found->second, 1);
    breakpoints_.erase(found);
  }
  void removeAllBreakpoints() {
    while (!breakpoints_.empty()) removeBreakpoint(breakpoints_.begin()->first);
  }

  // Runs to the next breakpoint (stepping over one at the current pc) and
  // returns its address with rip moved back onto it; 0 when it exited.
  uint64_t continueToBreakpoint() {
    user_regs_struct regs;
    ::ptrace(PTRACE_GETREGS, pid_, nullptr, &regs);
    auto here = breakpoints_.find(regs.rip);
    if (here != breakpoints_.end()) {
      uint8_t original = here->second;
      writeMemory(regs.rip, &original, 1);
      ::ptrace(PTRACE_SINGLESTEP, pid_, nullptr, nullptr);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      const uint8_t trap = 0xCC;
      writeMemory(here->first, &trap, 1);
      if (WIFEXITED(status) || WIFSIGNALED(status)) return markExited();
    }
    for (;;) {
      ::ptrace(PTRACE_CONT, pid_, nullptr, nullptr);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      if (WIFEXITED(status) || WIFSIGNALED(status)) return markExited();
      if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) continue;
      ::ptrace(PTRACE_GETREGS, pid_, nullptr, &regs);
      if (breakpoints_.count(regs.rip - 1)) {
        regs.rip -= 1;
        ::ptrace(PTRACE_SETREGS, pid_, nullptr, &regs);
        return regs.rip;
      }
    }
  }

  // Runs until the program stops with SIGTRAP for a reason other than a
  // breakpoint (an execve, for a tracee without PTRACE_O_TRACEEXEC).
  bool continueToExec() {
    for (;;) {
      ::ptrace(PTRACE_CONT, pid_, nullptr, nullptr);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      if (WIFEXITED(status) || WIFSIGNALED(status)) return markExited() != 0;
      if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP) {
        breakpoints_.clear();  // the old image, and its 0xCC bytes, are gone
        ::close(memFd_);       // /proc/PID/mem stays bound to the old image
        memFd_ = ::open(("/proc/" + std::to_string(pid_) + "/mem").c_str(), O_RDWR);
        return true;
      }
    }
  }

  // Sets breakpoints on every address of `line`, runs to one, removes them.
  uint64_t runToLine(SymbolIndex& symbols, const std::filesystem::path& source, int line) {
    auto resolution = symbols.resolveLine(source.string(), line);
    if (!resolution || resolution->addresses.empty()) throw std::runtime_error("line does not resolve");
    for (uint64_t address : resolution->addresses) insertBreakpoint(address);
    uint64_t hit = continueToBreakpoint();
    for (uint64_t address : resolution->addresses) removeBreakpoint(address);
    return hit;
  }

  // One instruction; false when the program ended.
  bool singleStep() {
    ::ptrace(PTRACE_SINGLESTEP, pid_, nullptr, nullptr);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    if (WIFEXITED(status) || WIFSIGNALED(status)) return markExited() != 0;
    return true;
  }
  user_regs_struct registers() {
    user_regs_struct regs{};
    ::ptrace(PTRACE_GETREGS, pid_, nullptr, &regs);
    return regs;
  }
  uint64_t readWord(uint64_t address) {
    uint64_t value = 0;
    readMemory(address, &value, sizeof value);
    return value;
  }

  uint64_t pc() {
    user_regs_struct regs;
    ::ptrace(PTRACE_GETREGS, pid_, nullptr, &regs);
    return regs.rip;
  }
  bool exited() const { return exited_; }

 private:
  uint64_t markExited() {
    exited_ = true;
    return 0;
  }
  pid_t pid_ = -1;
  int memFd_ = -1;
  bool exited_ = false;
  std::map<uint64_t, uint8_t> breakpoints_;
};

}  // namespace rwd::testsupport
