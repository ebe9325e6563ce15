// Memory commands: readMemory and writeMemory, with the partial results a
// memory view expects (what can be read, and how many bytes after it cannot).
#include <cstdio>

#include "process/MemoryTransfer.h"
#include "protocol/Base64.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// `address` plus the optional byte `offset` (which may be negative).
uint64_t startAddress(const json& arguments) {
  const uint64_t base = args::requireAddress(arguments, "address");
  const int64_t offset = args::intOr(arguments, "offset", 0);
  const uint64_t start = base + static_cast<uint64_t>(offset);
  if ((offset < 0 && start > base) || (offset > 0 && start < base)) {
    throw RequestError(ErrorCode::BadRequest, "address " + hex(base) + " with offset " + std::to_string(offset) +
                                                  " is outside the address space.");
  }
  return start;
}

}  // namespace

void registerMemoryHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("readMemory", [&debugger](const json& arguments) -> json {
    const uint64_t start = startAddress(arguments);
    const int64_t count = args::requireInt(arguments, "count");
    if (count < 0) throw RequestError(ErrorCode::BadRequest, "argument 'count' must be 0 or more.");
    debugger.requireInspectable("read memory");
    MemoryRead read = MemoryTransfer(debugger.target()).read(start, static_cast<uint64_t>(count));
    return {{"address", args::address(start)},
            {"data", Base64::encode(read.data)},
            {"unreadableBytes", read.unreadableBytes}};
  });
  dispatcher.add("writeMemory", [&debugger](const json& arguments) -> json {
    debugger.evaluations().invalidate();
    const uint64_t start = startAddress(arguments);
    auto data = Base64::decode(args::requireString(arguments, "data"));
    if (!data) throw RequestError(ErrorCode::BadRequest, "argument 'data' must be base64 (RFC 4648).");
    const bool allowPartial = args::boolOr(arguments, "allowPartial", false);
    debugger.requireStopped("write memory");
    MemoryTransfer memory(debugger.process());
    if (!allowPartial && !memory.isAccessible(start, data->size())) {
      throw RequestError(ErrorCode::BadRequest,
                         "Cannot write " + std::to_string(data->size()) + " bytes at " + hex(start) +
                             ": part of that range is not mapped in the program. Nothing was written.");
    }
    const uint64_t written = memory.write(start, *data);
    if (!allowPartial && written != data->size()) {
      throw RequestError(ErrorCode::BadRequest, "Writing " + std::to_string(data->size()) + " bytes at " + hex(start) +
                                                    " failed after " + std::to_string(written) + " bytes.");
    }
    return {{"bytesWritten", written}};
  });
}

}  // namespace rwd
