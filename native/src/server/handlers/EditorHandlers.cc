// Commands for an editor that shows the program's history next to its
// source (the Rewind language server): scopeDeclarations (where the
// variables a frame sees were declared, for inline values) and
// writeHistory (the last few recorded writes of some bytes and what each
// left there, without travelling, for a hover that links to each).
#include "protocol/Base64.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/ControlJson.h"
#include "record/WrittenValues.h"
#include "server/handlers/Handlers.h"
#include "symbols/ScopeDeclarations.h"

namespace rwd {

using nlohmann::json;

namespace {

constexpr int64_t kMaxWrites = 100;
constexpr uint64_t kMaxValueBytes = 64;

}  // namespace

WatchedBytes watchedBytesOf(const json& arguments, const std::string& command) {
  // A data breakpoint id (from dataBreakpointInfo: a variable, a child or
  // an expression, with its size), or an address and a length.
  WatchedBytes watched;
  if (auto dataId = args::optionalString(arguments, "dataId")) {
    const WatchTarget target = watchTargetOf(*dataId);
    watched.address = target.address;
    watched.bytes = target.size;
  } else {
    watched.address = args::requireAddress(arguments, "address");
    watched.bytes = static_cast<uint64_t>(args::intOr(arguments, "bytes", 1));
  }
  if (watched.bytes == 0) throw RequestError(ErrorCode::BadRequest, command + " needs at least 1 byte.");
  return watched;
}

void registerEditorHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("scopeDeclarations", [&debugger](const json& arguments) -> json {
    debugger.requireInspectable("list the variables in scope");
    const pid_t tid = args::int32Or(arguments, "tid", debugger.mainThread());
    Frame frame = debugger.frame(tid, args::int32Or(arguments, "frame", 0));
    FrameDeclarations declarations = ScopeDeclarations::of(debugger.symbols(), debugger.target(), frame);
    json variables = json::array();
    for (const DeclaredVariable& variable : declarations.variables) {
      json row = {{"name", variable.name}, {"parameter", variable.parameter}};
      if (variable.declLine > 0) row["declLine"] = variable.declLine;
      variables.push_back(row);
    }
    json body = {{"variables", variables}};
    if (!declarations.function.empty()) body["function"] = declarations.function;
    if (!declarations.file.empty()) body["file"] = declarations.file;
    if (declarations.functionLine > 0) body["functionLine"] = declarations.functionLine;
    return body;
  });
  dispatcher.add("writeHistory", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("list the recorded writes");
    const WatchedBytes watched = watchedBytesOf(arguments, "writeHistory");
    const int64_t count = args::intOr(arguments, "count", 5);
    if (count < 1 || count > kMaxWrites) {
      throw RequestError(ErrorCode::BadRequest,
                         "writeHistory takes 'count' from 1 to " + std::to_string(kMaxWrites) + ".");
    }
    History* history = debugger.controller().reverse().history();
    if (!history)
      throw RequestError(ErrorCode::WrongState,
                         "Nothing was recorded: start a recording to see where a value was written.");
    // Newest first: each query looks before the write the previous one found.
    std::vector<uint64_t> indices;
    uint64_t before = history->position();
    while (static_cast<int64_t>(indices.size()) < count) {
      auto index = history->lastWriteBefore(watched.address, watched.bytes, before);
      if (!index) break;
      indices.push_back(*index);
      before = *index;
    }
    json writes = json::array();
    for (uint64_t index : indices) writes.push_back({{"index", index}});
    // What each write left, for ranges small enough to be one value.
    std::vector<uint8_t> now(watched.bytes);
    if (watched.bytes <= kMaxValueBytes &&
        debugger.target().readMemory(watched.address, now.data(), now.size()) == now.size()) {
      auto values = WrittenValues::after(*history, indices, watched.address, std::move(now));
      for (size_t i = 0; i < values.size(); ++i) writes[i]["data"] = Base64::encode(values[i]);
    }
    return {{"position", history->position()}, {"size", history->size()}, {"writes", writes}};
  });
}

}  // namespace rwd
