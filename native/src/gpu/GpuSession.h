// GpuSession: the GPU side of one debugging session. At launch or attach
// it detects the machine's GPU debug interface (GpuDetector) and says what
// it found on the Debug Console; when the program is about to run it
// attaches the backend to the program's GPU contexts. Its event fd joins
// the helper's wait loop; what the device reports becomes protocol events
// (`gpuStopped`, console lines for code objects). Breakpoints by source
// line wait for a code object holding that line and are armed before the
// backend lets the client's kernels run (`gpuBreakpoint` says when).
// It answers in plain values and throws DebugError; server/ speaks the
// protocol (server/handlers/GpuJson).
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gpu/GpuBackend.h"
#include "gpu/GpuDetector.h"
#include "gpu/GpuDriverPort.h"

namespace rwd {

// A GPU thread as the threads list shows it: where it is, when known.
struct GpuThreadPlace {
  GpuThread thread;
  std::optional<uint64_t> pc;
  std::string pcUnavailable;  // why the pc could not be read
  std::string function;
  std::string file;
  int line = 0;
};

// GPU memory as far as it could be read from the start, and how much not.
struct GpuMemoryRead {
  std::vector<uint8_t> data;
  uint64_t unreadableBytes = 0;
};

// A breakpoint on a GPU source line: armed at an address, or waiting (why).
struct GpuLineBreakpoint {
  int line = 0;
  std::optional<uint64_t> address;
  std::string message;
};

class GpuSession {
 public:
  GpuSession() = default;
  ~GpuSession();

  // What the session tells the client (server/ writes it as protocol
  // events): a line for the Debug Console (without its newline), a line
  // breakpoint armed at its first address, threads the device stopped.
  std::function<void(const std::string& text)> onConsole;
  std::function<void(const std::string& file, int line, uint64_t address)> onBreakpointArmed;
  std::function<void(const GpuChange& change)> onThreadsStopped;

  // Detects the interface and says so on the Debug Console.
  void detect();
  // Attaches to the program's GPU contexts; a failure is a console line.
  void attach(pid_t pid);
  void end();
  bool attached() const { return attached_; }
  // -1 when there is nothing to poll.
  int eventFd() const;
  void onReadable();

  // The interface's name (empty when none is attached) and its threads.
  std::string interfaceName() const { return attached_ ? backend_->interfaceName() : std::string(); }
  std::vector<GpuThreadPlace> threads();
  // These throw DebugError: WrongState with no interface attached,
  // NoSuchThread for a thread the device does not know.
  std::vector<GpuRegister> registers(uint64_t threadId);
  GpuMemoryRead readMemory(uint64_t threadId, uint64_t address, uint64_t count);
  void resume(const std::vector<uint64_t>& threadIds);
  void interrupt();
  std::vector<GpuLineBreakpoint> setBreakpoints(const std::string& file, const std::vector<int>& lines);

 private:
  GpuBackend& backend(const char* what);
  void armPending();
  void console(const std::string& text);

  GpuOffer offer_;
  std::unique_ptr<GpuDriverPort> port_;
  std::unique_ptr<GpuBackend> backend_;
  bool attached_ = false;
  // Breakpoints by file (as the client names it) → lines, and the GPU
  // addresses each line is armed at.
  std::map<std::string, std::set<int>> wanted_;
  std::map<std::pair<std::string, int>, std::set<uint64_t>> armed_;
};

}  // namespace rwd
