// Shared by the control_*_test programs: a compiled fixture running under
// the real process layer (ProgramLauncher + Process), with its symbols and
// unwinder, and a blocking wait for the next StopEvent — the part of the
// run controller's event loop that these tests need.
#pragma once

#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "process/Process.h"
#include "process/ProgramLauncher.h"
#include "SymbolsTestSupport.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

namespace rwd::testsupport {

class LaunchedFixture {
 public:
  explicit LaunchedFixture(const CompiledProgram& compiled) : source(compiled.source) {
    LaunchRequest request;
    request.program = compiled.binary.string();
    launched_ = ProgramLauncher::launch(request);
    process = Process::adoptLaunched(launched_.pid);
    symbols = std::make_unique<SymbolIndex>(*process);
    symbols->refresh();
    unwinder = std::make_unique<Unwinder>(*symbols, *process);
  }
  ~LaunchedFixture() {
    unwinder.reset();
    symbols.reset();
    process.reset();  // kills the program
    if (launched_.stdoutFd >= 0) ::close(launched_.stdoutFd);
    if (launched_.stderrFd >= 0) ::close(launched_.stderrFd);
  }

  // The next event, waiting up to 10 s; nullopt on time-out.
  std::optional<StopEvent> nextEvent() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (pending_.empty()) process->collectEvents(pending_);
      if (!pending_.empty()) {
        StopEvent event = pending_.front();
        pending_.erase(pending_.begin());
        return event;
      }
      ::usleep(1000);
    }
    return std::nullopt;
  }

  // The first address of `marker`'s line.
  uint64_t lineAddress(const std::string& marker) {
    auto resolution = symbols->resolveLine(source.string(), markerLine(source, marker));
    if (!resolution || resolution->addresses.empty()) throw std::runtime_error("marker " + marker + " has no code");
    return resolution->addresses.front();
  }

  // Runs (all threads) until the breakpoint at `address` is hit; false otherwise.
  bool runTo(uint64_t address) {
    if (!process->memory().addBreakpoint(address)) return false;
    process->resumeAll();
    auto event = nextEvent();
    process->memory().removeBreakpoint(address);
    return event && event->kind == StopKind::Breakpoint && event->address == address;
  }

  std::filesystem::path source;
  std::unique_ptr<Process> process;
  std::unique_ptr<SymbolIndex> symbols;
  std::unique_ptr<Unwinder> unwinder;

 private:
  LaunchedProgram launched_;
  std::vector<StopEvent> pending_;
};

}  // namespace rwd::testsupport
