// VariableJson: the protocol's shape of a variable (name, value, type, ref,
// indexed/named counts, memoryReference, evaluateName) and the value
// formatting arguments every value command takes (`hex`), shared by the
// inspection and value handlers.
#pragma once

#include <nlohmann/json.hpp>

#include "symbols/FormatOptions.h"
#include "symbols/VariableInspector.h"

namespace rwd {

nlohmann::json describeVariableView(const VariableView& view);
// `{"hex":true}` → FormatOptions; a non-boolean `hex` is a BadRequest.
FormatOptions formatOptionsOf(const nlohmann::json& arguments);
// `start`, `count`, `filter` ("named" / "indexed") and `hex` of a variables request.
ChildQuery childQueryOf(const nlohmann::json& arguments);

}  // namespace rwd
