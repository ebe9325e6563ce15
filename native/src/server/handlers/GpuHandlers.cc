// GPU commands: the GPU threads of the program (with their pc and source
// line), a GPU thread's registers, GPU memory as a thread sees it, resume
// and pause of GPU threads, breakpoints by source line in GPU code.
#include <cstdint>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/GpuJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

uint64_t threadOf(const json& arguments) {
  int64_t thread = args::requireInt(arguments, "thread");
  if (thread <= 0) throw RequestError("BadRequest", "argument 'thread' must be a GPU thread id (1 or more).");
  return uint64_t(thread);
}

}  // namespace

void registerGpuHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("gpuThreads", [&debugger](const json&) -> json {
    return gpuThreadsJson(debugger.gpu().interfaceName(), debugger.gpu().threads());
  });
  dispatcher.add("gpuRegisters", [&debugger](const json& arguments) -> json {
    return gpuRegistersJson(debugger.gpu().registers(threadOf(arguments)));
  });
  dispatcher.add("gpuReadMemory", [&debugger](const json& arguments) -> json {
    int64_t count = args::requireInt(arguments, "count");
    if (count < 0 || count > (64 << 20)) throw RequestError("BadRequest", "argument 'count' must be 0 to 64 MiB.");
    const uint64_t address = args::requireAddress(arguments, "address");
    return gpuMemoryJson(address, debugger.gpu().readMemory(threadOf(arguments), address, uint64_t(count)));
  });
  dispatcher.add("gpuResume", [&debugger](const json& arguments) -> json {
    std::vector<uint64_t> threads;
    for (int id : args::int32List(arguments, "threads")) threads.push_back(uint64_t(id));
    debugger.gpu().resume(threads);
    return json::object();
  });
  dispatcher.add("gpuPause", [&debugger](const json&) -> json {
    debugger.gpu().interrupt();
    return json::object();
  });
  dispatcher.add("gpuSetBreakpoints", [&debugger](const json& arguments) -> json {
    std::vector<int> lines;
    for (int line : args::int32List(arguments, "lines")) {
      if (line <= 0) throw RequestError("BadRequest", "argument 'lines' must hold line numbers (1 or more).");
      lines.push_back(int(line));
    }
    return gpuBreakpointsJson(debugger.gpu().setBreakpoints(args::requireString(arguments, "file"), lines));
  });
}

}  // namespace rwd
