// BranchHistoryService: argument checks, page windows (start/count, or a
// window centred on a history position), filtered pages through
// HistorySearch, and the JSON shapes documented in PROTOCOL.md.
#include "branch/BranchHistoryService.h"

#include <algorithm>
#include <map>

#include "branch/RecordedBranchProvider.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

namespace {

struct PageWindow {
  uint64_t start = 0;
  uint64_t count = 0;
  std::optional<uint64_t> atIndex;  // a history position
};

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
  if (arguments.is_object() && arguments.contains("atIndex") && !arguments["atIndex"].is_null()) {
    const int64_t at = args::requireInt(arguments, "atIndex");
    if (at < 0) throw RequestError(ErrorCode::BadRequest, "argument 'atIndex' must not be negative.");
    window.atIndex = static_cast<uint64_t>(at);
  }
  return window;
}

// Start of a page of `count` rows that shows row `focus` in its middle.
uint64_t centredStart(uint64_t focus, uint64_t count, uint64_t total) {
  uint64_t start = focus > count / 2 ? focus - count / 2 : 0;
  if (total >= count && start > total - count) start = total - count;
  return start;
}

uint32_t readKindMask(const json& arguments) {
  if (!arguments.is_object() || !arguments.contains("kinds") || arguments["kinds"].is_null()) return 0xffffffffu;
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

// Whether a recorded path and an asked one name the same file: equal, or
// one ends with the other after a '/'.
bool sameFile(const std::string& recorded, const std::string& asked) {
  if (recorded.empty() || asked.empty()) return false;
  if (recorded == asked) return true;
  auto endsWith = [](const std::string& text, const std::string& tail) {
    return text.size() > tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0 &&
           text[text.size() - tail.size() - 1] == '/';
  };
  return endsWith(recorded, asked) || endsWith(asked, recorded);
}

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

void addPlace(json& row, const PlaceTable& places, const PlaceEntry& place, const char* fileKey, const char* lineKey) {
  if (place.file == 0) return;
  row[fileKey] = places.fileName(place.file);
  row[lineKey] = place.line;
}

}  // namespace

BranchTraceProvider& BranchHistoryService::provider() {
  if (hardware_) {
    hardware_->update();
    return *hardware_;
  }
  History* history = sources_.history ? sources_.history() : nullptr;
  CodeReader* code = sources_.code ? sources_.code() : nullptr;
  SourceLocator* locator = sources_.locator ? sources_.locator() : nullptr;
  if (!history || !code || !locator) {
    recorded_.reset();
    view_.reset();
    recordedHistory_ = nullptr;
    throw RequestError(ErrorCode::WrongState,
                       "There is no recorded history: start recording (launch with \"record\": \"fromMain\", or "
                       "Rewind: Start Recording) to see branches and calls.");
  }
  if (!recorded_ || history != recordedHistory_ || code != recordedCode_ || locator != recordedLocator_) {
    recorded_.reset();
    view_ = std::make_unique<RecordedHistoryView>(*history, sources_.threads);
    recorded_ = std::make_unique<RecordedBranchProvider>(*view_, *code, *locator);
    recordedHistory_ = history;
    recordedCode_ = code;
    recordedLocator_ = locator;
  }
  view_->sync();
  recorded_->update();
  return *recorded_;
}

json BranchHistoryService::position(const BranchTraceProvider& source) const {
  if (hardware_ || !recordedHistory_) return nullptr;
  return recordedHistory_->position();
}

json BranchHistoryService::frame(const BranchTraceProvider& source) const {
  return {{"source", source.description()},
          {"travelable", !hardware_},
          {"historySize", source.endIndex() - source.firstIndex()},
          {"position", position(source)}};
}

json BranchHistoryService::branchHistory(const json& arguments) {
  const PageWindow window = readWindow(arguments);
  const std::string query = args::optionalString(arguments, "query").value_or("");
  const uint32_t kindMask = readKindMask(arguments);
  BranchTraceProvider& source = provider();
  PlaceTable& places = source.places();
  const uint64_t first = source.firstIndex();

  const bool filtered = !query.empty() || kindMask != 0xffffffffu;
  const std::vector<uint64_t>* matches = filtered ? &search_.branches(source, query, kindMask) : nullptr;
  const uint64_t total = filtered ? matches->size() : source.branchCount();
  uint64_t start = window.start;
  json focus = nullptr;
  if (window.atIndex && total > 0) {
    const uint64_t ordinal = source.branchOrdinalAt(first + *window.atIndex);
    uint64_t row = ordinal;
    if (filtered)
      row = static_cast<uint64_t>(std::lower_bound(matches->begin(), matches->end(), ordinal) - matches->begin());
    row = std::min(row, total - 1);
    focus = row;
    start = centredStart(row, window.count, total);
  }
  json rows = json::array();
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t ordinal = filtered ? (*matches)[row] : row;
    const TakenBranch branch = source.branchAt(ordinal);
    const PlaceEntry from = places.at(branch.from);
    const PlaceEntry to = places.at(branch.to);
    json item = {{"ordinal", ordinal},
                 {"index", branch.index >= first ? json(branch.index - first) : json(nullptr)},
                 {"from", args::address(branch.from)},
                 {"to", args::address(branch.to)},
                 {"kind", branchKindName(branch.kind)},
                 {"tid", branch.tid},
                 {"function", places.functionName(from.function)},
                 {"toFunction", places.functionName(to.function)}};
    addPlace(item, places, from, "file", "line");
    addPlace(item, places, to, "toFile", "toLine");
    rows.push_back(std::move(item));
  }
  json body = frame(source);
  body.update({{"total", total}, {"start", start}, {"focus", focus}, {"branches", std::move(rows)}});
  return body;
}

json BranchHistoryService::callHistory(const json& arguments) {
  const PageWindow window = readWindow(arguments);
  const std::string query = args::optionalString(arguments, "query").value_or("");
  BranchTraceProvider& source = provider();
  const CallSegmentBuilder& all = source.segments();
  const uint64_t first = source.firstIndex();

  const bool filtered = !query.empty();
  const std::vector<uint64_t>* matches = filtered ? &search_.segments(source, query) : nullptr;
  const uint64_t total = filtered ? matches->size() : all.size();
  uint64_t start = window.start;
  json focus = nullptr;
  if (window.atIndex && total > 0) {
    const uint64_t ordinal = all.ordinalAt(first + *window.atIndex);
    uint64_t row = ordinal;
    if (filtered) {
      // The last match that starts at or before the position.
      auto after = std::upper_bound(matches->begin(), matches->end(), ordinal);
      row = after == matches->begin() ? 0 : static_cast<uint64_t>(after - matches->begin()) - 1;
    }
    focus = row;
    start = centredStart(row, window.count, total);
  }
  json rows = json::array();
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t ordinal = filtered ? (*matches)[row] : row;
    const FunctionSegment segment = all.at(ordinal);
    json item = {{"ordinal", ordinal},
                 {"startIndex", segment.startIndex - std::min(segment.startIndex, first)},
                 {"endIndex", segment.endIndex - std::min(segment.endIndex, first)},
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
  json body = frame(source);
  body.update({{"total", total},
               {"start", start},
               {"focus", focus},
               {"minDepth", all.minDepth()},
               {"segments", std::move(rows)}});
  return body;
}

json BranchHistoryService::instructionHistory(const json& arguments) {
  const PageWindow window = readWindow(arguments);
  BranchTraceProvider& source = provider();
  if (hardware_ || !view_) {
    throw RequestError(ErrorCode::WrongState, "The instruction history needs every instruction; the " +
                                                  source.description() + " trace has only branches.");
  }
  const RecordedHistoryView& view = *view_;
  CodeReader* code = sources_.code ? sources_.code() : nullptr;
  PlaceTable& places = source.places();
  const uint64_t first = view.firstIndex();
  const uint64_t total = view.size() - first;
  uint64_t start = window.start;
  json focus = nullptr;
  if (window.atIndex && total > 0) {
    const uint64_t row = std::min(*window.atIndex, total - 1);
    focus = row;
    start = centredStart(row, window.count, total);
  }
  json rows = json::array();
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t index = first + row;
    const uint64_t pc = view.pcAt(index);
    const EntryKind kind = view.kindAt(index);
    json item = {
        {"index", row}, {"address", args::address(pc)}, {"tid", view.tidAt(index)}, {"kind", entryKindName(kind)}};
    if (pc != 0) {
      const PlaceEntry& place = places.at(pc);
      item["function"] = places.functionName(place.function);
      addPlace(item, places, place, "file", "line");
      uint8_t bytes[16];
      const size_t got = code && kind == EntryKind::Instruction ? code->readCode(pc, bytes, sizeof bytes) : 0;
      if (auto text = got ? disassembler_.decode(bytes, got, pc) : std::nullopt) item["text"] = text->text();
    }
    rows.push_back(std::move(item));
  }
  json body = frame(source);
  body.update({{"total", total}, {"start", start}, {"focus", focus}, {"instructions", std::move(rows)}});
  return body;
}

json BranchHistoryService::historyMarkers(const json& arguments) {
  const int64_t buckets = args::intOr(arguments, "buckets", 800);
  if (buckets < 1 || buckets > kMaxBuckets) {
    throw RequestError(ErrorCode::BadRequest,
                       "argument 'buckets' must be between 1 and " + std::to_string(kMaxBuckets) + ".");
  }
  std::vector<std::string> kinds = {"syscall", "signal", "threadSwitch", "breakpoint"};
  if (arguments.is_object() && arguments.contains("kinds") && !arguments["kinds"].is_null()) {
    kinds = args::stringList(arguments, "kinds");
  }
  BranchTraceProvider& source = provider();
  const uint64_t first = source.firstIndex();
  const uint64_t end = source.endIndex();
  std::vector<HistoryMarker> markers;
  for (const auto& name : kinds) {
    if (name == "breakpoint") {
      if (!view_ || hardware_ || !sources_.breakpointAddresses) continue;
      const auto& hits = breakpointHits_.hits(*view_, sources_.breakpointAddresses());
      MarkerIndex::summarize(hits, name, first, end, static_cast<uint32_t>(buckets), markers);
      continue;
    }
    auto kind = parseBranchKind(name);
    if (!kind || !MarkerIndex::tracks(*kind)) {
      throw RequestError(ErrorCode::BadRequest, "Unknown marker kind '" + name +
                                                    "'; the kinds are syscall, signal, threadSwitch and breakpoint.");
    }
    MarkerIndex::summarize(source.markers().indicesOf(*kind), name, first, end, static_cast<uint32_t>(buckets),
                           markers);
  }
  std::sort(markers.begin(), markers.end(),
            [](const HistoryMarker& a, const HistoryMarker& b) { return a.index < b.index; });
  json rows = json::array();
  for (const auto& marker : markers) {
    rows.push_back({{"index", marker.index - first}, {"count", marker.count}, {"kind", marker.kind}});
  }
  json body = frame(source);
  body.update({{"buckets", buckets}, {"markers", std::move(rows)}});
  if (!hardware_ && std::count(kinds.begin(), kinds.end(), "threadSwitch")) {
    body["threads"] = threadLanes(source, static_cast<uint32_t>(buckets));
  }
  return body;
}

json BranchHistoryService::threadLanes(const BranchTraceProvider& source, uint32_t buckets) const {
  const uint64_t first = source.firstIndex();
  const uint64_t end = source.endIndex();
  json lanes = json::array();
  for (const auto& [tid, runs] : source.markers().runs()) {
    std::vector<HistoryMarker> starts;
    MarkerIndex::summarize(runs, "run", first, end, buckets, starts);
    const auto span = sources_.threadSpan ? sources_.threadSpan(tid) : std::nullopt;
    if (starts.empty() && !span) continue;  // ran only before the history kept
    json switches = json::array();
    for (const auto& start : starts) switches.push_back({{"index", start.index - first}, {"count", start.count}});
    json lane = {{"tid", tid}, {"switches", std::move(switches)}, {"name", span ? span->name : ""}};
    lane["first"] = span ? json(span->first) : json(nullptr);
    lane["last"] = span ? json(span->last) : json(nullptr);
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

json BranchHistoryService::branchStatistics(const json& arguments) {
  const std::string file = args::optionalString(arguments, "file").value_or("");
  BranchTraceProvider& source = provider();
  const CodeSiteTable* sites = source.codeSites();
  if (!sites) {
    throw RequestError(ErrorCode::WrongState, "Branch statistics need every instruction; the " + source.description() +
                                                  " trace has only branches.");
  }
  PlaceTable& places = source.places();
  std::vector<std::pair<uint64_t, const CodeSite*>> found;
  sites->forEach([&](uint64_t address, const CodeSite& site) {
    if (site.shape.flow != InstructionFlow::ConditionalJump || site.taken + site.notTaken == 0) return;
    if (!file.empty() && !sameFile(places.fileName(site.place.file), file)) return;
    found.emplace_back(address, &site);
  });
  std::sort(found.begin(), found.end());
  json rows = json::array();
  for (const auto& [address, site] : found) {
    json row = {{"address", args::address(address)},
                {"function", places.functionName(site->place.function)},
                {"taken", site->taken},
                {"notTaken", site->notTaken}};
    addPlace(row, places, site->place, "file", "line");
    rows.push_back(std::move(row));
  }
  return {{"sites", std::move(rows)}};
}

json BranchHistoryService::lineExecutionCounts(const json& arguments) {
  const std::string file = args::requireString(arguments, "file");
  BranchTraceProvider& source = provider();
  const CodeSiteTable* sites = source.codeSites();
  if (!sites) {
    throw RequestError(ErrorCode::WrongState, "Execution counts need every instruction; the " + source.description() +
                                                  " trace has only branches.");
  }
  PlaceTable& places = source.places();
  // A line ran as often as its most executed instruction.
  std::map<int, std::pair<uint64_t, uint64_t>> lines;  // line -> (count, instructions)
  sites->forEach([&](uint64_t, const CodeSite& site) {
    if (site.place.line <= 0 || site.executions == 0 || !sameFile(places.fileName(site.place.file), file)) return;
    auto& entry = lines[site.place.line];
    entry.first = std::max(entry.first, site.executions);
    entry.second += site.executions;
  });
  json rows = json::array();
  for (const auto& [line, counts] : lines) {
    rows.push_back({{"line", line}, {"count", counts.first}, {"instructions", counts.second}});
  }
  return {{"file", file}, {"lines", std::move(rows)}};
}

}  // namespace rwd
