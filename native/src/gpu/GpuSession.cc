// GpuSession: backend selection, event handling, and the plain answers
// of the gpu* commands (server/handlers/GpuJson writes them).
#include "gpu/GpuSession.h"

#include <algorithm>

#include "core/DebugError.h"
#include "gpu/GpuError.h"
#include "gpu/KernelDriverPort.h"
#include "gpu/KfdDebugBackend.h"
#include "gpu/XeEudebugBackend.h"
#include "gpu/sim/SimulatedKfdDevice.h"
#include "gpu/sim/SimulatedXeDevice.h"

namespace rwd {

GpuSession::~GpuSession() { end(); }

void GpuSession::console(const std::string& text) {
  if (onConsole) onConsole(text);
}

void GpuSession::detect() {
  offer_ = GpuDetector().detect();
  console(offer_.sentence);
  try {
    switch (offer_.kind) {
      case GpuOffer::Kind::SimulatedXe:
        port_ = std::make_unique<SimulatedXeDevice>(SimScript::load(offer_.node));
        backend_ = std::make_unique<XeEudebugBackend>(*port_, "/dev/dri/renderD128");
        break;
      case GpuOffer::Kind::SimulatedKfd:
        port_ = std::make_unique<SimulatedKfdDevice>(SimScript::load(offer_.node));
        backend_ = std::make_unique<KfdDebugBackend>(*port_);
        break;
      case GpuOffer::Kind::IntelXe:
        port_ = std::make_unique<KernelDriverPort>();
        backend_ = std::make_unique<XeEudebugBackend>(*port_, offer_.node);
        break;
      case GpuOffer::Kind::AmdKfd:
        port_ = std::make_unique<KernelDriverPort>();
        backend_ = std::make_unique<KfdDebugBackend>(*port_);
        break;
      case GpuOffer::Kind::None:
        break;
    }
  } catch (const std::exception& error) {
    console(std::string("GPU debugging is off: ") + error.what());
    backend_.reset();
  }
}

void GpuSession::attach(pid_t pid) {
  if (!backend_ || attached_) return;
  try {
    backend_->attach(pid);
    attached_ = true;
  } catch (const std::exception& error) {  // GpuError, or a simulator script's error
    console(std::string(error.what()) + " GPU threads will not be shown.");
  }
}

void GpuSession::end() {
  if (backend_ && attached_) {
    try {
      backend_->detach();
    } catch (const std::exception&) {}
  }
  attached_ = false;
}

int GpuSession::eventFd() const { return attached_ ? backend_->eventFd() : -1; }

void GpuSession::armPending() {
  for (const auto& [file, lines] : wanted_) {
    for (int line : lines) {
      auto& addresses = armed_[{file, line}];
      for (const auto& object : backend_->codeObjects()) {
        for (uint64_t address : object->addressesOf(file, line)) {
          if (addresses.count(address)) continue;
          try {
            backend_->insertBreakpoint(address);
            bool first = addresses.empty();
            addresses.insert(address);
            if (first && onBreakpointArmed) onBreakpointArmed(file, line, address);
          } catch (const GpuError& error) {
            console("GPU breakpoint at " + file + ":" + std::to_string(line) + ": " + error.what());
          }
          break;  // the first statement of the line is enough
        }
      }
    }
  }
}

void GpuSession::onReadable() {
  if (!attached_) return;
  std::vector<GpuChange> changes;
  try {
    changes = backend_->pollEvents();
  } catch (const std::exception& error) {  // GpuError, or a simulator script's error
    console(std::string("GPU events: ") + error.what());
  }
  for (const auto& change : changes) {
    if (change.log.rfind("code object", 0) == 0) console("GPU " + change.log);
  }
  armPending();
  backend_->releaseHeldEvents();
  for (const auto& change : changes) {
    if (change.stoppedThreads.empty()) continue;
    if (onThreadsStopped) onThreadsStopped(change);
  }
}

GpuBackend& GpuSession::backend(const char* what) {
  if (!attached_)
    throw DebugError(DebugError::WrongState, std::string("Cannot ") + what + ": no GPU debug interface is attached.");
  return *backend_;
}

std::vector<GpuThreadPlace> GpuSession::threads() {
  std::vector<GpuThreadPlace> list;
  if (!attached_) return list;
  for (const auto& thread : backend_->threads()) {
    GpuThreadPlace entry{thread};
    try {
      uint64_t pc = backend_->programCounter(thread.id);
      entry.pc = pc;
      for (const auto& object : backend_->codeObjects()) {
        if (auto place = object->placeOf(pc)) {
          entry.function = place->function;
          entry.file = place->file;
          entry.line = place->line;
          break;
        }
      }
    } catch (const GpuError& error) { entry.pcUnavailable = error.what(); }
    list.push_back(entry);
  }
  return list;
}

std::vector<GpuRegister> GpuSession::registers(uint64_t threadId) {
  try {
    return backend("read GPU registers").registers(threadId);
  } catch (const GpuError& error) { throw DebugError(DebugError::NoSuchThread, error.what()); }
}

GpuMemoryRead GpuSession::readMemory(uint64_t threadId, uint64_t address, uint64_t count) {
  auto& gpu = backend("read GPU memory");
  // Whatever is readable from the start, then how much is not.
  GpuMemoryRead read;
  try {
    read.data = gpu.readMemory(threadId, address, count);
  } catch (const GpuError&) {
    uint64_t low = 0, high = count;  // the longest readable prefix, by halving
    while (low < high) {
      uint64_t middle = (low + high + 1) / 2;
      try {
        gpu.readMemory(threadId, address, middle);
        low = middle;
      } catch (const GpuError&) { high = middle - 1; }
    }
    if (low > 0) read.data = gpu.readMemory(threadId, address, low);
    read.unreadableBytes = count - low;
  }
  return read;
}

void GpuSession::resume(const std::vector<uint64_t>& threadIds) {
  try {
    backend("resume GPU threads").resume(threadIds);
  } catch (const GpuError& error) { throw DebugError(DebugError::NoSuchThread, error.what()); }
}

void GpuSession::interrupt() {
  try {
    backend("pause GPU threads").interruptAll();
  } catch (const GpuError& error) { throw DebugError(DebugError::WrongState, error.what()); }
}

std::vector<GpuLineBreakpoint> GpuSession::setBreakpoints(const std::string& file, const std::vector<int>& lines) {
  // Lines no longer wanted in this file are disarmed.
  for (auto it = armed_.begin(); it != armed_.end();) {
    if (it->first.first == file && std::find(lines.begin(), lines.end(), it->first.second) == lines.end()) {
      for (uint64_t address : it->second) {
        try {
          backend_->removeBreakpoint(address);
        } catch (const GpuError&) {}
      }
      it = armed_.erase(it);
    } else {
      ++it;
    }
  }
  wanted_[file] = std::set<int>(lines.begin(), lines.end());
  if (attached_) armPending();
  std::vector<GpuLineBreakpoint> list;
  for (int line : lines) {
    GpuLineBreakpoint entry{line};
    auto armed = armed_.find({file, line});
    if (armed != armed_.end() && !armed->second.empty()) {
      entry.address = *armed->second.begin();
    } else {
      entry.message = attached_ ? "No GPU code object loaded so far has this line: the breakpoint waits for one."
                                : "GPU breakpoint: waits for GPU code with this line.";
    }
    list.push_back(entry);
  }
  return list;
}

}  // namespace rwd
