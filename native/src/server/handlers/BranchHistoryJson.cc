// BranchHistoryJson: argument checks of the branch-history requests and
// the JSON of their pages.
#include "server/handlers/BranchHistoryJson.h"

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

namespace {

bool has(const json& arguments, const char* name) {
  return arguments.is_object() && arguments.contains(name) && !arguments[name].is_null();
}

PageWindow readWindow(const json& arguments) {
  PageWindow window;
  const int64_t start = args::intOr(arguments, "start", 0);
  const int64_t count = args::intOr(arguments, "count", 200);
  if (start < 0) throw RequestError(ErrorCode::BadRequest, "argument 'start' must not be negative.");
  if (count < 0 || count > BranchHistoryService::kMaxPage) {
    throw RequestError(ErrorCode::BadRequest, "argument 'count' must be between 0 and " +
                                                  std::to_string(BranchHistoryService::kMaxPage) + ".");
  }
  window.start = static_cast<uint64_t>(start);
  window.count = static_cast<uint64_t>(count);
  if (has(arguments, "atIndex")) {
    const int64_t at = args::requireInt(arguments, "atIndex");
    if (at < 0) throw RequestError(ErrorCode::BadRequest, "argument 'atIndex' must not be negative.");
    window.atIndex = static_cast<uint64_t>(at);
  }
  return window;
}

uint32_t readKindMask(const json& arguments) {
  if (!has(arguments, "kinds")) return 0xffffffffu;
  uint32_t mask = 0;
  for (const auto& name : args::stringList(arguments, "kinds")) {
    auto kind = parseBranchKind(name);
    if (!kind) {
      throw RequestError(ErrorCode::BadRequest,
                         "Unknown branch kind '" + name +
                             "'; the kinds are call, return, jump, conditional, syscall, signal, "
                             "threadSwitch and unknown.");
    }
    mask |= 1u << static_cast<unsigned>(*kind);
  }
  return mask;
}

std::string readQuery(const json& arguments) { return args::optionalString(arguments, "query").value_or(""); }

const char* entryKindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::Instruction:
      return "instruction";
    case EntryKind::SignalDelivery:
      return "signal";
    case EntryKind::Adjustment:
      return "adjustment";
  }
  return "instruction";
}

void addPlace(json& row, const FileLine& place, const char* fileKey, const char* lineKey) {
  if (place.file.empty()) return;
  row[fileKey] = place.file;
  row[lineKey] = place.line;
}

template <typename T>
json orNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json frameJson(const HistoryFrame& frame) {
  return {{"source", frame.source},
          {"travelable", frame.travelable},
          {"historySize", frame.historySize},
          {"position", orNull(frame.position)}};
}

json headJson(const PageHead& head) {
  json body = frameJson(head.frame);
  body.update({{"total", head.total}, {"start", head.start}, {"focus", orNull(head.focus)}});
  return body;
}

}  // namespace

json branchHistoryJson(BranchHistoryService& service, const json& arguments) {
  const PageWindow window = readWindow(arguments);
  const std::string query = readQuery(arguments);
  const BranchPage page = service.branchHistory(window, query, readKindMask(arguments));
  json rows = json::array();
  for (const auto& row : page.branches) {
    json item = {{"ordinal", row.ordinal},
                 {"index", orNull(row.index)},
                 {"from", args::address(row.branch.from)},
                 {"to", args::address(row.branch.to)},
                 {"kind", branchKindName(row.branch.kind)},
                 {"tid", row.branch.tid},
                 {"function", row.function},
                 {"toFunction", row.toFunction}};
    addPlace(item, row.from, "file", "line");
    addPlace(item, row.to, "toFile", "toLine");
    rows.push_back(std::move(item));
  }
  json body = headJson(page.head);
  body["branches"] = std::move(rows);
  return body;
}

json callHistoryJson(BranchHistoryService& service, const json& arguments) {
  const PageWindow window = readWindow(arguments);
  const CallPage page = service.callHistory(window, readQuery(arguments));
  json rows = json::array();
  for (const auto& [ordinal, segment] : page.segments) {
    json item = {{"ordinal", ordinal},
                 {"startIndex", segment.startIndex},
                 {"endIndex", segment.endIndex},
                 {"depth", segment.depth},
                 {"tid", segment.tid},
                 {"function", segment.function},
                 {"instructionCount", segment.instructionCount},
                 {"address", args::address(segment.entryAddress)},
                 {"arrival", segment.arrival ? json(branchKindName(*segment.arrival)) : json(nullptr)}};
    if (!segment.file.empty()) {
      item["file"] = segment.file;
      item["startLine"] = segment.startLine;
      item["endLine"] = segment.endLine;
    }
    rows.push_back(std::move(item));
  }
  json body = headJson(page.head);
  body.update({{"minDepth", page.minDepth}, {"segments", std::move(rows)}});
  return body;
}

json instructionHistoryJson(BranchHistoryService& service, const json& arguments) {
  const InstructionPage page = service.instructionHistory(readWindow(arguments));
  json rows = json::array();
  for (const auto& row : page.instructions) {
    json item = {{"index", row.index},
                 {"address", args::address(row.address)},
                 {"tid", row.tid},
                 {"kind", entryKindName(row.kind)}};
    if (row.function) item["function"] = *row.function;
    addPlace(item, row.place, "file", "line");
    if (row.text) item["text"] = *row.text;
    rows.push_back(std::move(item));
  }
  json body = headJson(page.head);
  body["instructions"] = std::move(rows);
  return body;
}

json historyMarkersJson(BranchHistoryService& service, const json& arguments) {
  const int64_t buckets = args::intOr(arguments, "buckets", 800);
  if (buckets < 1 || buckets > BranchHistoryService::kMaxBuckets) {
    throw RequestError(ErrorCode::BadRequest, "argument 'buckets' must be between 1 and " +
                                                  std::to_string(BranchHistoryService::kMaxBuckets) + ".");
  }
  std::vector<std::string> kinds = {"syscall", "signal", "threadSwitch", "breakpoint"};
  if (has(arguments, "kinds")) kinds = args::stringList(arguments, "kinds");
  const MarkerPage page = service.historyMarkers(static_cast<uint32_t>(buckets), kinds);
  json rows = json::array();
  for (const auto& marker : page.markers) {
    rows.push_back({{"index", marker.index}, {"count", marker.count}, {"kind", marker.kind}});
  }
  json body = frameJson(page.frame);
  body.update({{"buckets", page.buckets}, {"markers", std::move(rows)}});
  if (page.threads) {
    json lanes = json::array();
    for (const auto& lane : *page.threads) {
      json switches = json::array();
      for (const auto& start : lane.switches) switches.push_back({{"index", start.index}, {"count", start.count}});
      lanes.push_back({{"tid", lane.tid},
                       {"switches", std::move(switches)},
                       {"name", lane.name},
                       {"first", orNull(lane.first)},
                       {"last", orNull(lane.last)}});
    }
    body["threads"] = std::move(lanes);
  }
  return body;
}

json branchStatisticsJson(BranchHistoryService& service, const json& arguments) {
  json rows = json::array();
  for (const auto& site : service.branchStatistics(args::optionalString(arguments, "file").value_or(""))) {
    json row = {{"address", args::address(site.address)},
                {"function", site.function},
                {"taken", site.taken},
                {"notTaken", site.notTaken}};
    addPlace(row, site.place, "file", "line");
    rows.push_back(std::move(row));
  }
  return {{"sites", std::move(rows)}};
}

json lineExecutionCountsJson(BranchHistoryService& service, const json& arguments) {
  const std::string file = args::requireString(arguments, "file");
  json rows = json::array();
  for (const auto& line : service.lineExecutionCounts(file)) {
    rows.push_back({{"line", line.line}, {"count", line.count}, {"instructions", line.instructions}});
  }
  return {{"file", file}, {"lines", std::move(rows)}};
}

}  // namespace rwd
