// Unit tests for BranchHistoryService, through the JSON its requests answer
// (server/handlers/BranchHistoryJson), over a real recorder History of the
// hand-assembled loop: pages of branches, call segments and instructions by
// start/count and centred on a history position, positions relative to the
// oldest entry kept, search by function and file, kind filters, timeline
// markers (system calls, breakpoint hits), per-line execution counts and
// per-branch-site statistics, and the errors bad arguments get.
#include <set>

#include "branch/BranchHistoryService.h"
#include "protocol/RequestError.h"
#include "server/handlers/BranchHistoryJson.h"
#include "support/BranchTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;
using nlohmann::json;

namespace {

struct Fixture {
  History history;
  HistoryWriter writer{history};
  BufferCodeReader code{kCodeBase, loopProgramBytes()};
  TableLocator locator = loopProgramLocator();
  std::vector<uint64_t> breakpoints;
  bool recording = true;
  BranchHistoryService service;

  explicit Fixture(uint64_t limit = 0, int iterations = 3) : history(limit), service(sources()) {
    const std::vector<uint64_t> trace = loopProgramTrace(iterations);
    writer.begin(100, trace.front());
    writer.run(100, trace);
    writer.step(100, 0x900000);  // main's ret, so the syscall before it is seen
  }
  BranchHistorySources sources() {
    BranchHistorySources s;
    s.history = [this]() { return recording ? &history : nullptr; };
    s.threads.registersNow = [this](pid_t tid, user_regs_struct& out) {
      out = writer.registers.at(tid);
      return true;
    };
    s.threads.gone = [](pid_t) { return false; };
    s.code = [this]() -> CodeReader* { return &code; };
    s.locator = [this]() -> SourceLocator* { return &locator; };
    s.breakpointAddresses = [this]() { return breakpoints; };
    return s;
  }
};

std::string errorCode(const std::function<void()>& request) {
  try {
    request();
  } catch (const RequestError& error) {
    return std::string(wireName(error.code())) + ": " + error.what();
  } catch (const DebugError& error) { return std::string(wireName(errorCodeOf(error.kind()))) + ": " + error.what(); }
  return "no error";
}

void branchPages() {
  Fixture fixture;
  json all = branchHistoryJson(fixture.service, {{"start", 0}, {"count", 100}});
  CHECK_EQ(all["total"].get<uint64_t>(), uint64_t{9});
  CHECK_EQ(all["historySize"].get<uint64_t>(), uint64_t{18});
  CHECK_EQ(all["position"].get<uint64_t>(), uint64_t{18});
  CHECK_EQ(all["source"].get<std::string>(), std::string("recorded history"));
  CHECK(all["travelable"].get<bool>());
  const json& first = all["branches"][0];
  CHECK_EQ(first["kind"].get<std::string>(), std::string("call"));
  CHECK_EQ(first["index"].get<uint64_t>(), uint64_t{1});
  CHECK_EQ(first["from"].get<uint64_t>(), kLoop);
  CHECK_EQ(first["to"].get<uint64_t>(), kLeaf);
  CHECK_EQ(first["function"].get<std::string>(), std::string("main"));
  CHECK_EQ(first["toFunction"].get<std::string>(), std::string("leaf"));
  CHECK_EQ(first["line"].get<int>(), 11);
  CHECK_EQ(first["toLine"].get<int>(), 20);
  CHECK_EQ(first["file"].get<std::string>(), std::string(kSourceFile));

  json page = branchHistoryJson(fixture.service, {{"start", 3}, {"count", 2}});
  STOP_UNLESS(page["branches"].size() == 2);
  CHECK_EQ(page["branches"][0]["ordinal"].get<uint64_t>(), uint64_t{3});
  CHECK_EQ(page["start"].get<uint64_t>(), uint64_t{3});

  // Centred on position 10 (the jne): the window holds it in the middle.
  json around = branchHistoryJson(fixture.service, {{"atIndex", 10}, {"count", 4}});
  CHECK_EQ(around["focus"].get<uint64_t>(), uint64_t{5});
  CHECK_EQ(around["start"].get<uint64_t>(), uint64_t{3});
  CHECK_EQ(around["branches"][2]["index"].get<uint64_t>(), uint64_t{10});

  // Kind filter and search.
  json returns = branchHistoryJson(fixture.service, {{"kinds", {"return"}}, {"count", 50}});
  CHECK_EQ(returns["total"].get<uint64_t>(), uint64_t{3});
  for (const auto& row : returns["branches"]) CHECK_EQ(row["kind"].get<std::string>(), std::string("return"));
  json syscalls = branchHistoryJson(fixture.service, {{"kinds", {"syscall", "conditional"}}});
  CHECK_EQ(syscalls["total"].get<uint64_t>(), uint64_t{3});
  json leaf = branchHistoryJson(fixture.service, {{"query", "LEAF"}});
  CHECK_EQ(leaf["total"].get<uint64_t>(), uint64_t{6});  // calls into leaf and returns out of it
  json none = branchHistoryJson(fixture.service, {{"query", "nowhere"}});
  CHECK_EQ(none["total"].get<uint64_t>(), uint64_t{0});
  CHECK(none["focus"].is_null());
}

void callPages() {
  Fixture fixture;
  json calls = callHistoryJson(fixture.service, {{"count", 100}});
  CHECK_EQ(calls["total"].get<uint64_t>(), uint64_t{7});
  CHECK_EQ(calls["minDepth"].get<int>(), 0);
  const json& second = calls["segments"][1];
  CHECK_EQ(second["function"].get<std::string>(), std::string("leaf"));
  CHECK_EQ(second["depth"].get<int>(), 1);
  CHECK_EQ(second["arrival"].get<std::string>(), std::string("call"));
  CHECK_EQ(second["startIndex"].get<uint64_t>(), uint64_t{2});
  CHECK_EQ(second["endIndex"].get<uint64_t>(), uint64_t{3});
  CHECK_EQ(second["instructionCount"].get<uint64_t>(), uint64_t{2});
  CHECK_EQ(second["startLine"].get<int>(), 20);
  CHECK_EQ(second["endLine"].get<int>(), 21);
  CHECK(calls["segments"][0]["arrival"].is_null());
  CHECK_EQ(calls["segments"][2]["arrival"].get<std::string>(), std::string("return"));

  json focused = callHistoryJson(fixture.service, {{"atIndex", 13}, {"count", 3}});
  CHECK_EQ(focused["focus"].get<uint64_t>(), uint64_t{5});  // the third leaf: entries 12..13
  CHECK_EQ(focused["start"].get<uint64_t>(), uint64_t{4});
  json leafOnly = callHistoryJson(fixture.service, {{"query", "leaf"}, {"atIndex", 16}});
  CHECK_EQ(leafOnly["total"].get<uint64_t>(), uint64_t{3});
  CHECK_EQ(leafOnly["focus"].get<uint64_t>(), uint64_t{2});  // the last leaf before position 16
  json byFile = callHistoryJson(fixture.service, {{"query", "prog.c"}});
  CHECK_EQ(byFile["total"].get<uint64_t>(), uint64_t{7});
}

void instructionPages() {
  Fixture fixture;
  json page = instructionHistoryJson(fixture.service, {{"start", 0}, {"count", 3}});
  CHECK_EQ(page["total"].get<uint64_t>(), uint64_t{18});
  STOP_UNLESS(page["instructions"].size() == 3);
  const json& call = page["instructions"][1];
  CHECK_EQ(call["index"].get<uint64_t>(), uint64_t{1});
  CHECK_EQ(call["address"].get<uint64_t>(), kLoop);
  CHECK_EQ(call["text"].get<std::string>(), std::string("call 0x401020"));
  CHECK_EQ(call["function"].get<std::string>(), std::string("main"));
  CHECK_EQ(call["line"].get<int>(), 11);
  CHECK_EQ(call["kind"].get<std::string>(), std::string("instruction"));
  CHECK_EQ(call["tid"].get<int>(), 100);
  json around = instructionHistoryJson(fixture.service, {{"atIndex", 16}, {"count", 4}});
  CHECK_EQ(around["start"].get<uint64_t>(), uint64_t{14});  // the window ends with the history
  CHECK_EQ(around["focus"].get<uint64_t>(), uint64_t{16});
  CHECK_EQ(around["instructions"][3]["text"].get<std::string>(), std::string("ret"));
}

void markersAndCounts() {
  Fixture fixture;
  fixture.breakpoints = {kLeaf};
  json markers = historyMarkersJson(fixture.service, {{"buckets", 1000}});
  std::multiset<std::string> kinds;
  std::vector<uint64_t> breakpointHits;
  for (const auto& marker : markers["markers"]) {
    kinds.insert(marker["kind"].get<std::string>());
    if (marker["kind"] == "breakpoint") breakpointHits.push_back(marker["index"].get<uint64_t>());
  }
  CHECK_EQ(kinds.count("syscall"), size_t{1});
  CHECK_EQ(breakpointHits, (std::vector<uint64_t>{2, 7, 12}));
  // Two buckets: the three hits fall into them as 2 + 1.
  json coarse = historyMarkersJson(fixture.service, {{"buckets", 2}, {"kinds", {"breakpoint"}}});
  STOP_UNLESS(coarse["markers"].size() == 2);
  CHECK_EQ(coarse["markers"][0]["count"].get<uint64_t>(), uint64_t{2});
  CHECK_EQ(coarse["markers"][1]["count"].get<uint64_t>(), uint64_t{1});

  json lines = lineExecutionCountsJson(fixture.service, {{"file", "prog.c"}});
  std::map<int, uint64_t> counts;
  for (const auto& row : lines["lines"]) counts[row["line"].get<int>()] = row["count"].get<uint64_t>();
  CHECK_EQ(counts[10], uint64_t{1});
  CHECK_EQ(counts[11], uint64_t{3});
  CHECK_EQ(counts[12], uint64_t{3});
  CHECK_EQ(counts[20], uint64_t{3});
  CHECK_EQ(counts[14], uint64_t{1});
  json otherFile = lineExecutionCountsJson(fixture.service, {{"file", "/elsewhere/other.c"}});
  CHECK(otherFile["lines"].empty());

  json sites = branchStatisticsJson(fixture.service, {{"file", "/src/prog.c"}});
  STOP_UNLESS(sites["sites"].size() == 1);
  CHECK_EQ(sites["sites"][0]["address"].get<uint64_t>(), kJne);
  CHECK_EQ(sites["sites"][0]["taken"].get<uint64_t>(), uint64_t{2});
  CHECK_EQ(sites["sites"][0]["notTaken"].get<uint64_t>(), uint64_t{1});
  CHECK_EQ(sites["sites"][0]["line"].get<int>(), 12);
}

void limitedHistoryPositions() {
  // 3 + 5 × 30 + 1 entries, of which the last 40 are kept: positions count from
  // the oldest one kept, as travelTo's do.
  Fixture fixture(40, 30);
  json instructions = instructionHistoryJson(fixture.service, {{"start", 0}, {"count", 1}});
  CHECK_EQ(instructions["total"].get<uint64_t>(), uint64_t{40});
  CHECK_EQ(instructions["historySize"].get<uint64_t>(), uint64_t{40});
  json branches = branchHistoryJson(fixture.service, {{"count", 5000}});
  bool inRange = true;
  for (const auto& row : branches["branches"]) inRange = inRange && row["index"].get<uint64_t>() < 40;
  CHECK(inRange);
  const json& last = branches["branches"].back();
  CHECK_EQ(last["kind"].get<std::string>(), std::string("syscall"));
  CHECK_EQ(last["index"].get<uint64_t>(), uint64_t{38});
  // Still growing: only what is new is read.
  fixture.writer.step(100, 0x900000);
  json more = branchHistoryJson(fixture.service, {{"count", 5000}});
  CHECK_EQ(more["branches"].back()["kind"].get<std::string>(), std::string("return"));
  CHECK_EQ(more["branches"].back()["index"].get<uint64_t>(), uint64_t{38});
}

void errors() {
  Fixture fixture;
  CHECK(errorCode([&] { branchHistoryJson(fixture.service, {{"count", 6000}}); }).rfind("BadRequest", 0) == 0);
  CHECK(errorCode([&] { branchHistoryJson(fixture.service, {{"start", -1}}); }).rfind("BadRequest", 0) == 0);
  const std::string badKind = errorCode([&] { branchHistoryJson(fixture.service, {{"kinds", {"teleport"}}}); });
  CHECK(badKind.find("Unknown branch kind 'teleport'") != std::string::npos);
  CHECK(errorCode([&] { historyMarkersJson(fixture.service, {{"buckets", 0}}); }).rfind("BadRequest", 0) == 0);
  CHECK(errorCode([&] { lineExecutionCountsJson(fixture.service, json::object()); }).rfind("BadRequest", 0) == 0);
  fixture.recording = false;
  const std::string noHistory = errorCode([&] { callHistoryJson(fixture.service, json::object()); });
  CHECK(noHistory.rfind("WrongState", 0) == 0);
  CHECK(noHistory.find("start recording") != std::string::npos);
}

}  // namespace

int main() {
  branchPages();
  callPages();
  instructionPages();
  markersAndCounts();
  limitedHistoryPositions();
  errors();
  return summary("branch_history_service_test");
}
