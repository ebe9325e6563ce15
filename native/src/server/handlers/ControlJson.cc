// ControlJson: the JSON of breakpoints, data breakpoint answers, dataIds
// and the recording's info, as native/PROTOCOL.md documents them.
#include "server/handlers/ControlJson.h"

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

json breakpointJson(const UserBreakpoint& breakpoint) {
  json addresses = json::array();
  for (uint64_t address : breakpoint.addresses) addresses.push_back(address);
  json out = {{"id", breakpoint.id},         {"verified", breakpoint.verified},
              {"line", breakpoint.line},     {"requestedLine", breakpoint.requestedLine},
              {"source", breakpoint.source}, {"addresses", addresses}};
  if (!breakpoint.functionName.empty()) out["function"] = breakpoint.functionName;
  if (breakpoint.column > 0) out["column"] = breakpoint.column;
  std::string message = breakpoint.message;
  if (!breakpoint.judgeNote.empty()) message += (message.empty() ? "" : " ") + breakpoint.judgeNote;
  if (!message.empty()) out["message"] = message;
  return out;
}

json instructionBreakpointJson(const InstructionBreakpoint& breakpoint) {
  json out = {{"id", breakpoint.id}, {"verified", breakpoint.verified}, {"address", args::address(breakpoint.address)}};
  if (!breakpoint.message.empty()) out["message"] = breakpoint.message;
  return out;
}

json dataBreakpointAnswerJson(const DataBreakpointAnswer& answer) {
  json out = {{"id", answer.id}, {"verified", answer.verified}};
  if (answer.message) out["message"] = *answer.message;
  return out;
}

json recordingInfoJson(const RecordingInfo& info) {
  if (!info.recording) return {{"recording", false}};
  json out = {{"recording", true},
              {"size", info.size},
              {"position", info.position},
              {"limit", info.limit},
              {"dropped", info.dropped},
              {"memoryBytes", info.memoryBytes},
              {"bytesPerInstruction", info.bytesPerInstruction}};
  if (info.cut) out["cut"] = *info.cut;
  return out;
}

std::string dataIdOf(const WatchTarget& target) {
  return json{{"name", target.name}, {"type", target.type},         {"address", target.address},
              {"size", target.size}, {"scopeCfa", target.scopeCfa}, {"scopeReturn", target.scopeReturn}}
      .dump();
}

WatchTarget watchTargetOf(const std::string& dataId) {
  try {
    json parsed = json::parse(dataId);
    WatchTarget target;
    target.name = parsed.at("name").get<std::string>();
    target.type = parsed.value("type", "");
    target.address = parsed.at("address").get<uint64_t>();
    target.size = parsed.at("size").get<uint64_t>();
    target.scopeCfa = parsed.value("scopeCfa", uint64_t{0});
    target.scopeReturn = parsed.value("scopeReturn", uint64_t{0});
    return target;
  } catch (const json::exception&) {
    throw RequestError(
        ErrorCode::BadRequest,
        "The dataId '" + dataId + "' did not come from dataBreakpointInfo; ask dataBreakpointInfo for it first.");
  }
}

}  // namespace rwd
