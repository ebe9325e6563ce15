// GpuSession: backend selection, event handling and the JSON the gpu*
// protocol commands answer with.
#include "gpu/GpuSession.h"

#include <algorithm>
#include <cstdio>

#include "gpu/GpuError.h"
#include "gpu/KernelDriverPort.h"
#include "gpu/KfdDebugBackend.h"
#include "gpu/XeEudebugBackend.h"
#include "gpu/sim/SimulatedKfdDevice.h"
#include "gpu/sim/SimulatedXeDevice.h"
#include "protocol/Base64.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

namespace {

// A register's bytes (little-endian) as one hex number.
std::string registerText(const std::vector<uint8_t>& bytes) {
  std::string text = "0x";
  static const char digits[] = "0123456789abcdef";
  for (size_t i = bytes.size(); i-- > 0;) {
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 15];
  }
  return bytes.empty() ? "0x0" : text;
}

}  // namespace

GpuSession::GpuSession(MessageWriter& writer) : writer_(writer) {}

GpuSession::~GpuSession() { end(); }

void GpuSession::console(const std::string& text) {
  writer_.event("output", {{"category", "console"}, {"text", text + "\n"}});
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
            if (first)
              writer_.event("gpuBreakpoint",
                            {{"file", file}, {"line", line}, {"verified", true}, {"address", args::address(address)}});
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
    writer_.event("gpuStopped", {{"thread", change.stoppedThreads.front()},
                                 {"threads", change.stoppedThreads},
                                 {"reason", change.stopReason},
                                 {"description", change.description}});
  }
}

GpuBackend& GpuSession::backend(const char* what) {
  if (!attached_)
    throw RequestError("WrongState", std::string("Cannot ") + what + ": no GPU debug interface is attached.");
  return *backend_;
}

json GpuSession::threads() {
  json list = json::array();
  if (!attached_) return json{{"threads", list}};
  for (const auto& thread : backend_->threads()) {
    json entry{{"id", thread.id},       {"name", thread.name()}, {"device", thread.device},
               {"queue", thread.queue}, {"unit", thread.unit},   {"reason", thread.stopReason}};
    if (!thread.lane.empty()) entry["lane"] = thread.lane;
    try {
      uint64_t pc = backend_->programCounter(thread.id);
      entry["pc"] = args::address(pc);
      for (const auto& object : backend_->codeObjects()) {
        if (auto place = object->placeOf(pc)) {
          if (!place->function.empty()) entry["function"] = place->function;
          if (!place->file.empty()) entry["file"] = place->file;
          if (place->line > 0) entry["line"] = place->line;
          break;
        }
      }
    } catch (const GpuError& error) { entry["pcUnavailable"] = error.what(); }
    list.push_back(entry);
  }
  return json{{"interface", backend_->interfaceName()}, {"threads", list}};
}

json GpuSession::registers(uint64_t threadId) {
  json list = json::array();
  try {
    for (const auto& reg : backend("read GPU registers").registers(threadId))
      list.push_back({{"group", reg.group}, {"name", reg.name}, {"value", registerText(reg.value)}});
  } catch (const GpuError& error) { throw RequestError("NoSuchThread", error.what()); }
  return json{{"registers", list}};
}

json GpuSession::readMemory(uint64_t threadId, uint64_t address, uint64_t count) {
  auto& gpu = backend("read GPU memory");
  // Whatever is readable from the start, then how much is not.
  std::vector<uint8_t> data;
  uint64_t unreadable = 0;
  try {
    data = gpu.readMemory(threadId, address, count);
  } catch (const GpuError&) {
    uint64_t low = 0, high = count;  // the longest readable prefix, by halving
    while (low < high) {
      uint64_t middle = (low + high + 1) / 2;
      try {
        gpu.readMemory(threadId, address, middle);
        low = middle;
      } catch (const GpuError&) { high = middle - 1; }
    }
    if (low > 0) data = gpu.readMemory(threadId, address, low);
    unreadable = count - low;
  }
  return json{{"address", args::address(address)}, {"data", Base64::encode(data)}, {"unreadableBytes", unreadable}};
}

void GpuSession::resume(const std::vector<uint64_t>& threadIds) {
  try {
    backend("resume GPU threads").resume(threadIds);
  } catch (const GpuError& error) { throw RequestError("NoSuchThread", error.what()); }
}

void GpuSession::interrupt() {
  try {
    backend("pause GPU threads").interruptAll();
  } catch (const GpuError& error) { throw RequestError("WrongState", error.what()); }
}

json GpuSession::setBreakpoints(const std::string& file, const std::vector<int>& lines) {
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
  json list = json::array();
  for (int line : lines) {
    json entry{{"line", line}};
    auto armed = armed_.find({file, line});
    if (armed != armed_.end() && !armed->second.empty()) {
      entry["verified"] = true;
      entry["address"] = args::address(*armed->second.begin());
    } else {
      entry["verified"] = false;
      entry["message"] = attached_ ? "No GPU code object loaded so far has this line: the breakpoint waits for one."
                                   : "GPU breakpoint: waits for GPU code with this line.";
    }
    list.push_back(entry);
  }
  return json{{"breakpoints", list}};
}

}  // namespace rwd
