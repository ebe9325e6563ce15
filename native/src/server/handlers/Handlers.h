// Handlers: each group of protocol commands registers itself on the
// dispatcher; the handlers work on the Debugger.
#pragma once

#include <functional>

#include "server/Debugger.h"
#include "server/Dispatcher.h"

namespace rwd {

void registerSessionHandlers(Dispatcher& dispatcher, Debugger& debugger, std::function<void()> requestExit);
void registerBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerExecutionHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerInspectionHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerDataBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerExceptionHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerReverseHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerMemoryHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerDisassemblyHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerModuleHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerValueHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerInstructionBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerBranchHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerEditorHandlers(Dispatcher& dispatcher, Debugger& debugger);
void registerGpuHandlers(Dispatcher& dispatcher, Debugger& debugger);

// A breakpoint's "mode": true for "hardware", false for "software" or none;
// anything else is a BadRequest. Shared by the source, function and
// instruction breakpoint commands.
bool isHardwareMode(const nlohmann::json& breakpoint);

// The bytes a history query is about: {"dataId":D} (from
// dataBreakpointInfo) or {"address":A,"bytes":N}; BadRequest for none.
struct WatchedBytes {
  uint64_t address = 0;
  uint64_t bytes = 1;
};
WatchedBytes watchedBytesOf(const nlohmann::json& arguments, const std::string& command);

}  // namespace rwd
