// ControlJson: the protocol's shapes of what control/ answers — a source
// breakpoint, an instruction breakpoint, a data breakpoint's answer and the
// dataId that names a watched value, and the recording's info. control/
// returns plain structs; only the handlers (and the Debugger's events) turn
// them into JSON here.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "control/BreakpointTable.h"
#include "control/DataBreakpointTable.h"
#include "control/InstructionBreakpointTable.h"
#include "control/ReverseController.h"

namespace rwd {

nlohmann::json breakpointJson(const UserBreakpoint& breakpoint);
nlohmann::json instructionBreakpointJson(const InstructionBreakpoint& breakpoint);
nlohmann::json dataBreakpointAnswerJson(const DataBreakpointAnswer& answer);
// {"recording":false} when nothing is recorded.
nlohmann::json recordingInfoJson(const RecordingInfo& info);

// A watched value as the opaque dataId that dataBreakpointInfo hands out,
// and back; a dataId that did not come from there is a RequestError(BadRequest).
std::string dataIdOf(const WatchTarget& target);
WatchTarget watchTargetOf(const std::string& dataId);

}  // namespace rwd
