// Disassembly command: disassemble — exactly `instructionCount` rows around
// an address, with symbols and source lines (see DisassemblyListing).
#include <memory>

#include "disasm/DisassemblyListing.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

json describe(const ListedInstruction& row) {
  json out = {{"address", args::address(row.address)}, {"bytes", row.bytes}, {"text", row.text}};
  if (!row.valid) out["invalid"] = true;
  if (!row.symbol.empty()) out["symbol"] = row.symbol;
  if (row.location) {
    out["file"] = row.location->file;
    out["line"] = row.location->line;
    if (row.location->column > 0) out["column"] = row.location->column;
  }
  return out;
}

}  // namespace

void registerDisassemblyHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  auto disassembler = std::make_shared<Disassembler>();
  dispatcher.add("disassemble", [&debugger, disassembler](const json& arguments) -> json {
    const uint64_t base = args::requireAddress(arguments, "address");
    const int64_t offset = args::intOr(arguments, "offset", 0);
    const int64_t instructionOffset = args::intOr(arguments, "instructionOffset", 0);
    const int64_t count = args::requireInt(arguments, "instructionCount");
    if (count < 0 || static_cast<uint64_t>(count) > DisassemblyListing::kMaxCount) {
      throw RequestError(ErrorCode::BadRequest, "argument 'instructionCount' must be between 0 and " +
                                                    std::to_string(DisassemblyListing::kMaxCount) + ".");
    }
    if (instructionOffset < -static_cast<int64_t>(DisassemblyListing::kMaxCount) ||
        instructionOffset > static_cast<int64_t>(DisassemblyListing::kMaxCount)) {
      throw RequestError(ErrorCode::BadRequest, "argument 'instructionOffset' is too far from the address.");
    }
    debugger.requireInspectable("disassemble");
    const uint64_t start = base + static_cast<uint64_t>(offset);  // wraps like the address space
    DisassemblyListing listing(debugger.target(), debugger.symbols(), *disassembler);
    json rows = json::array();
    for (const auto& row : listing.list(start, instructionOffset, static_cast<size_t>(count)))
      rows.push_back(describe(row));
    return {{"instructions", rows}};
  });
}

}  // namespace rwd
