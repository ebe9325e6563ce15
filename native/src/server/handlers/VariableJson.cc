// VariableJson: variables as JSON, and their formatting arguments.
#include "server/handlers/VariableJson.h"

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

json describeVariableView(const VariableView& view) {
  json out = {{"name", view.name}, {"value", view.value}, {"type", view.type}, {"ref", view.reference}};
  if (view.indexedCount) out["indexed"] = view.indexedCount;
  if (view.namedCount) out["named"] = view.namedCount;
  // A pointer's memory reference is what it points at (as DAP suggests); other values', where they are.
  if (view.pointerTarget) out["memoryReference"] = args::address(*view.pointerTarget);
  else if (view.memoryAddress) out["memoryReference"] = args::address(*view.memoryAddress);
  if (!view.evaluateName.empty()) out["evaluateName"] = view.evaluateName;
  return out;
}

FormatOptions formatOptionsOf(const json& arguments) {
  FormatOptions format;
  format.hex = args::boolOr(arguments, "hex", false);
  return format;
}

ChildQuery childQueryOf(const json& arguments) {
  ChildQuery query;
  query.start = args::intOr(arguments, "start", 0);
  query.count = args::intOr(arguments, "count", 0);
  if (query.start < 0 || query.count < 0)
    throw RequestError(ErrorCode::BadRequest, "start and count must not be negative.");
  const std::string filter = args::optionalString(arguments, "filter").value_or("");
  if (filter == "named") {
    query.filter = ChildFilter::Named;
  } else if (filter == "indexed") {
    query.filter = ChildFilter::Indexed;
  } else if (!filter.empty()) {
    throw RequestError(ErrorCode::BadRequest, "filter must be \"named\" or \"indexed\", not \"" + filter + "\".");
  }
  query.format = formatOptionsOf(arguments);
  return query;
}

}  // namespace rwd
