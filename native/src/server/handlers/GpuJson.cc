// GpuJson: GpuSession's plain answers as the gpu* commands' JSON.
#include "server/handlers/GpuJson.h"

#include "protocol/Base64.h"
#include "protocol/JsonArgs.h"

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

json gpuThreadsJson(const std::string& interfaceName, const std::vector<GpuThreadPlace>& threads) {
  json list = json::array();
  for (const auto& place : threads) {
    const GpuThread& thread = place.thread;
    json entry{{"id", thread.id},       {"name", thread.name()}, {"device", thread.device},
               {"queue", thread.queue}, {"unit", thread.unit},   {"reason", thread.stopReason}};
    if (!thread.lane.empty()) entry["lane"] = thread.lane;
    if (place.pc) entry["pc"] = args::address(*place.pc);
    if (!place.function.empty()) entry["function"] = place.function;
    if (!place.file.empty()) entry["file"] = place.file;
    if (place.line > 0) entry["line"] = place.line;
    if (!place.pcUnavailable.empty()) entry["pcUnavailable"] = place.pcUnavailable;
    list.push_back(entry);
  }
  if (interfaceName.empty()) return json{{"threads", list}};
  return json{{"interface", interfaceName}, {"threads", list}};
}

json gpuRegistersJson(const std::vector<GpuRegister>& registers) {
  json list = json::array();
  for (const auto& reg : registers)
    list.push_back({{"group", reg.group}, {"name", reg.name}, {"value", registerText(reg.value)}});
  return json{{"registers", list}};
}

json gpuMemoryJson(uint64_t address, const GpuMemoryRead& read) {
  return json{{"address", args::address(address)},
              {"data", Base64::encode(read.data)},
              {"unreadableBytes", read.unreadableBytes}};
}

json gpuBreakpointsJson(const std::vector<GpuLineBreakpoint>& breakpoints) {
  json list = json::array();
  for (const auto& breakpoint : breakpoints) {
    json entry{{"line", breakpoint.line}};
    if (breakpoint.address) {
      entry["verified"] = true;
      entry["address"] = args::address(*breakpoint.address);
    } else {
      entry["verified"] = false;
      entry["message"] = breakpoint.message;
    }
    list.push_back(entry);
  }
  return json{{"breakpoints", list}};
}

json gpuBreakpointEventJson(const std::string& file, int line, uint64_t address) {
  return json{{"file", file}, {"line", line}, {"verified", true}, {"address", args::address(address)}};
}

json gpuStoppedEventJson(const GpuChange& change) {
  return json{{"thread", change.stoppedThreads.front()},
              {"threads", change.stoppedThreads},
              {"reason", change.stopReason},
              {"description", change.description}};
}

}  // namespace rwd
