// BranchHistoryService: page windows (start/count, or a window centred on
// a history position), filtered pages through HistorySearch, and the rows
// of each page with their functions and source places.
#include "branch/BranchHistoryService.h"

#include <algorithm>
#include <map>

#include "branch/RecordedBranchProvider.h"
#include "core/DebugError.h"

namespace rwd {

namespace {

// Start of a page of `count` rows that shows row `focus` in its middle.
uint64_t centredStart(uint64_t focus, uint64_t count, uint64_t total) {
  uint64_t start = focus > count / 2 ? focus - count / 2 : 0;
  if (total >= count && start > total - count) start = total - count;
  return start;
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

FileLine placeOf(const PlaceTable& places, const PlaceEntry& place) {
  if (place.file == 0) return {};
  return {places.fileName(place.file), place.line};
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
    throw DebugError(DebugError::WrongState,
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

HistoryFrame BranchHistoryService::frame(const BranchTraceProvider& source) const {
  HistoryFrame frame;
  frame.source = source.description();
  frame.travelable = !hardware_;
  frame.historySize = source.endIndex() - source.firstIndex();
  if (!hardware_ && recordedHistory_) frame.position = recordedHistory_->position();
  return frame;
}

BranchPage BranchHistoryService::branchHistory(const PageWindow& window, const std::string& query, uint32_t kindMask) {
  BranchTraceProvider& source = provider();
  PlaceTable& places = source.places();
  const uint64_t first = source.firstIndex();

  const bool filtered = !query.empty() || kindMask != 0xffffffffu;
  const std::vector<uint64_t>* matches = filtered ? &search_.branches(source, query, kindMask) : nullptr;
  const uint64_t total = filtered ? matches->size() : source.branchCount();
  BranchPage page;
  page.head.total = total;
  uint64_t start = window.start;
  if (window.atIndex && total > 0) {
    const uint64_t ordinal = source.branchOrdinalAt(first + *window.atIndex);
    uint64_t row = ordinal;
    if (filtered)
      row = static_cast<uint64_t>(std::lower_bound(matches->begin(), matches->end(), ordinal) - matches->begin());
    row = std::min(row, total - 1);
    page.head.focus = row;
    start = centredStart(row, window.count, total);
  }
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t ordinal = filtered ? (*matches)[row] : row;
    const TakenBranch branch = source.branchAt(ordinal);
    const PlaceEntry from = places.at(branch.from);
    const PlaceEntry to = places.at(branch.to);
    BranchRow item;
    item.ordinal = ordinal;
    if (branch.index >= first) item.index = branch.index - first;
    item.branch = branch;
    item.function = places.functionName(from.function);
    item.toFunction = places.functionName(to.function);
    item.from = placeOf(places, from);
    item.to = placeOf(places, to);
    page.branches.push_back(std::move(item));
  }
  page.head.frame = frame(source);
  page.head.start = start;
  return page;
}

CallPage BranchHistoryService::callHistory(const PageWindow& window, const std::string& query) {
  BranchTraceProvider& source = provider();
  const CallSegmentBuilder& all = source.segments();
  const uint64_t first = source.firstIndex();

  const bool filtered = !query.empty();
  const std::vector<uint64_t>* matches = filtered ? &search_.segments(source, query) : nullptr;
  const uint64_t total = filtered ? matches->size() : all.size();
  CallPage page;
  page.head.total = total;
  uint64_t start = window.start;
  if (window.atIndex && total > 0) {
    const uint64_t ordinal = all.ordinalAt(first + *window.atIndex);
    uint64_t row = ordinal;
    if (filtered) {
      // The last match that starts at or before the position.
      auto after = std::upper_bound(matches->begin(), matches->end(), ordinal);
      row = after == matches->begin() ? 0 : static_cast<uint64_t>(after - matches->begin()) - 1;
    }
    page.head.focus = row;
    start = centredStart(row, window.count, total);
  }
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t ordinal = filtered ? (*matches)[row] : row;
    CallRow item{ordinal, all.at(ordinal)};
    item.segment.startIndex -= std::min(item.segment.startIndex, first);
    item.segment.endIndex -= std::min(item.segment.endIndex, first);
    page.segments.push_back(std::move(item));
  }
  page.head.frame = frame(source);
  page.head.start = start;
  page.minDepth = all.minDepth();
  return page;
}

InstructionPage BranchHistoryService::instructionHistory(const PageWindow& window) {
  BranchTraceProvider& source = provider();
  if (hardware_ || !view_) {
    throw DebugError(DebugError::WrongState, "The instruction history needs every instruction; the " +
                                                 source.description() + " trace has only branches.");
  }
  const RecordedHistoryView& view = *view_;
  CodeReader* code = sources_.code ? sources_.code() : nullptr;
  PlaceTable& places = source.places();
  const uint64_t first = view.firstIndex();
  const uint64_t total = view.size() - first;
  InstructionPage page;
  page.head.total = total;
  uint64_t start = window.start;
  if (window.atIndex && total > 0) {
    const uint64_t row = std::min(*window.atIndex, total - 1);
    page.head.focus = row;
    start = centredStart(row, window.count, total);
  }
  for (uint64_t row = start; row < total && row - start < window.count; ++row) {
    const uint64_t index = first + row;
    const uint64_t pc = view.pcAt(index);
    const EntryKind kind = view.kindAt(index);
    InstructionRow item;
    item.index = row;
    item.address = pc;
    item.tid = view.tidAt(index);
    item.kind = kind;
    if (pc != 0) {
      const PlaceEntry& place = places.at(pc);
      item.function = places.functionName(place.function);
      item.place = placeOf(places, place);
      uint8_t bytes[16];
      const size_t got = code && kind == EntryKind::Instruction ? code->readCode(pc, bytes, sizeof bytes) : 0;
      if (auto text = got ? disassembler_.decode(bytes, got, pc) : std::nullopt) item.text = text->text();
    }
    page.instructions.push_back(std::move(item));
  }
  page.head.frame = frame(source);
  page.head.start = start;
  return page;
}

MarkerPage BranchHistoryService::historyMarkers(uint32_t buckets, const std::vector<std::string>& kinds) {
  BranchTraceProvider& source = provider();
  const uint64_t first = source.firstIndex();
  const uint64_t end = source.endIndex();
  MarkerPage page;
  page.buckets = buckets;
  std::vector<HistoryMarker>& markers = page.markers;
  for (const auto& name : kinds) {
    if (name == "breakpoint") {
      if (!view_ || hardware_ || !sources_.breakpointAddresses) continue;
      const auto& hits = breakpointHits_.hits(*view_, sources_.breakpointAddresses());
      MarkerIndex::summarize(hits, name, first, end, buckets, markers);
      continue;
    }
    auto kind = parseBranchKind(name);
    if (!kind || !MarkerIndex::tracks(*kind)) {
      throw DebugError(DebugError::BadArgument, "Unknown marker kind '" + name +
                                                    "'; the kinds are syscall, signal, threadSwitch and breakpoint.");
    }
    MarkerIndex::summarize(source.markers().indicesOf(*kind), name, first, end, buckets, markers);
  }
  std::sort(markers.begin(), markers.end(),
            [](const HistoryMarker& a, const HistoryMarker& b) { return a.index < b.index; });
  for (auto& marker : markers) marker.index -= first;
  page.frame = frame(source);
  if (!hardware_ && std::count(kinds.begin(), kinds.end(), "threadSwitch")) page.threads = threadLanes(source, buckets);
  return page;
}

std::vector<ThreadLane> BranchHistoryService::threadLanes(const BranchTraceProvider& source, uint32_t buckets) const {
  const uint64_t first = source.firstIndex();
  const uint64_t end = source.endIndex();
  std::vector<ThreadLane> lanes;
  for (const auto& [tid, runs] : source.markers().runs()) {
    std::vector<HistoryMarker> starts;
    MarkerIndex::summarize(runs, "run", first, end, buckets, starts);
    const auto span = sources_.threadSpan ? sources_.threadSpan(tid) : std::nullopt;
    if (starts.empty() && !span) continue;  // ran only before the history kept
    for (auto& start : starts) start.index -= first;
    ThreadLane lane{tid, std::move(starts), span ? span->name : ""};
    if (span) {
      lane.first = span->first;
      lane.last = span->last;
    }
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

std::vector<BranchSite> BranchHistoryService::branchStatistics(const std::string& file) {
  BranchTraceProvider& source = provider();
  const CodeSiteTable* sites = source.codeSites();
  if (!sites) {
    throw DebugError(DebugError::WrongState, "Branch statistics need every instruction; the " + source.description() +
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
  std::vector<BranchSite> rows;
  for (const auto& [address, site] : found) {
    rows.push_back({address, places.functionName(site->place.function), site->taken, site->notTaken,
                    placeOf(places, site->place)});
  }
  return rows;
}

std::vector<LineCount> BranchHistoryService::lineExecutionCounts(const std::string& file) {
  BranchTraceProvider& source = provider();
  const CodeSiteTable* sites = source.codeSites();
  if (!sites) {
    throw DebugError(DebugError::WrongState, "Execution counts need every instruction; the " + source.description() +
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
  std::vector<LineCount> rows;
  for (const auto& [line, counts] : lines) rows.push_back({line, counts.first, counts.second});
  return rows;
}

}  // namespace rwd
