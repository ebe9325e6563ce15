// GpuSession: the GPU side of one debugging session. At launch or attach
// it detects the machine's GPU debug interface (GpuDetector) and says what
// it found on the Debug Console; when the program is about to run it
// attaches the backend to the program's GPU contexts. Its event fd joins
// the helper's wait loop; what the device reports becomes protocol events
// (`gpuStopped`, console lines for code objects). Breakpoints by source
// line wait for a code object holding that line and are armed before the
// backend lets the client's kernels run (`gpuBreakpoint` says when).
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "gpu/GpuBackend.h"
#include "gpu/GpuDetector.h"
#include "gpu/GpuDriverPort.h"
#include "protocol/MessageWriter.h"

namespace rwd {

class GpuSession {
 public:
  explicit GpuSession(MessageWriter& writer);
  ~GpuSession();

  // Detects the interface and says so on the Debug Console.
  void detect();
  // Attaches to the program's GPU contexts; a failure is a console line.
  void attach(pid_t pid);
  void end();
  bool attached() const { return attached_; }
  // -1 when there is nothing to poll.
  int eventFd() const;
  void onReadable();

  nlohmann::json threads();
  nlohmann::json registers(uint64_t threadId);
  nlohmann::json readMemory(uint64_t threadId, uint64_t address, uint64_t count);
  void resume(const std::vector<uint64_t>& threadIds);
  void interrupt();
  nlohmann::json setBreakpoints(const std::string& file, const std::vector<int>& lines);

 private:
  GpuBackend& backend(const char* what);
  void armPending();
  void console(const std::string& text);

  MessageWriter& writer_;
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
