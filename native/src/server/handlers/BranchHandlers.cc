// Branch-history commands — branchHistory, callHistory, instructionHistory,
// historyMarkers, branchStatistics, lineExecutionCounts, branchTraceInfo
// and hardwareTrace. travelTo is a reverse command (ReverseHandlers); the
// indices these commands hand out are the positions it takes.
// Each needs a stopped program, then reads its arguments and writes the
// BranchHistoryService's page (BranchHistoryJson; the service is
// native/src/branch/BranchHistoryService.h). The
// service reads the recorder's History, the program's code and registers
// and the symbols through the Debugger; hardware tracing is probed at run
// time and refused with the probe's sentence where the machine has none.
#include <memory>

#include "branch/BranchHistoryService.h"
#include "branch/DecodedBranchProvider.h"
#include "branch/HardwareBranchSource.h"
#include "branch/HardwareTraceProbe.h"
#include "branch/SymbolIndexLocator.h"
#include "branch/TargetCodeReader.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/BranchHistoryJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

// What the handlers share: the service, and the code reader and source
// locator over the current program (made again when the program changes).
struct BranchState {
  Debugger& debugger;
  Process* process = nullptr;
  std::unique_ptr<TargetCodeReader> code;
  std::unique_ptr<SymbolIndexLocator> locator;
  std::unique_ptr<HardwareBranchSource> hardware;
  std::unique_ptr<BranchHistoryService> service;

  explicit BranchState(Debugger& owner) : debugger(owner) {}

  void follow() {
    Process* now = debugger.hasProcess() ? &debugger.process() : nullptr;
    if (now == process) return;
    process = now;
    if (service) service->useHardwareProvider(nullptr);
    hardware.reset();
    code = now ? std::make_unique<TargetCodeReader>(*now) : nullptr;
    locator = now ? std::make_unique<SymbolIndexLocator>(debugger.symbols()) : nullptr;
  }
};

json traceFacilityJson(const TraceFacility& facility) {
  return {{"driver", facility.type.has_value()}, {"usable", facility.usable}, {"problem", facility.problem}};
}

}  // namespace

void registerBranchHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  auto state = std::make_shared<BranchState>(debugger);
  BranchHistorySources sources;
  sources.history = [state]() -> History* {
    state->follow();
    return state->process ? state->debugger.controller().reverse().history() : nullptr;
  };
  sources.threads.registersNow = [state](pid_t tid, user_regs_struct& out) {
    Task* task = state->process ? state->process->task(tid) : nullptr;
    if (!task || !task->isStopped()) return false;
    out = task->registers();
    return true;
  };
  sources.threads.gone = [state](pid_t tid) { return !state->process || !state->process->task(tid); };
  sources.code = [state]() -> CodeReader* { return state->code.get(); };
  sources.locator = [state]() -> SourceLocator* { return state->locator.get(); };
  sources.breakpointAddresses = [state]() {
    return state->process ? state->debugger.breakpoints().allAddresses() : std::vector<uint64_t>{};
  };
  sources.threadSpan = [state](int32_t tid) -> std::optional<ThreadSpan> {
    if (!state->process) return std::nullopt;
    const ReverseController& reverse = state->debugger.controller().reverse();
    auto life = reverse.lifeOf(tid);
    if (!life) return std::nullopt;
    return ThreadSpan{reverse.recordedThreadName(tid), life->first, life->second};
  };
  state->service = std::make_unique<BranchHistoryService>(std::move(sources));

  using Request = json (*)(BranchHistoryService&, const json&);
  auto add = [&dispatcher, state](const char* command, Request request) {
    dispatcher.add(command, [state, command, request](const json& arguments) -> json {
      state->debugger.requireStopped(command);
      state->follow();
      return request(*state->service, arguments);
    });
  };
  add("branchHistory", &branchHistoryJson);
  add("callHistory", &callHistoryJson);
  add("instructionHistory", &instructionHistoryJson);
  add("historyMarkers", &historyMarkersJson);
  add("branchStatistics", &branchStatisticsJson);
  add("lineExecutionCounts", &lineExecutionCountsJson);

  dispatcher.add("branchTraceInfo", [state](const json&) -> json {
    state->follow();
    const HardwareTraceReport report = HardwareTraceProbe().probe();
    return {{"recorded", state->process && state->debugger.controller().reverse().history() != nullptr},
            {"hardware",
             {{"available", report.anyUsable()},
              {"message", report.message},
              {"verifiedOnHardware", false},
              {"bts", traceFacilityJson(report.bts)},
              {"pt", traceFacilityJson(report.pt)}}},
            {"active", state->hardware ? state->hardware->description() : "recorded history"}};
  });
  dispatcher.add("hardwareTrace", [state](const json& arguments) -> json {
    state->debugger.requireStopped("hardwareTrace");
    state->follow();
    if (!args::boolOr(arguments, "enable", true)) {
      state->service->useHardwareProvider(nullptr);
      state->hardware.reset();
      return {{"active", "recorded history"}};
    }
    const HardwareTraceReport report = HardwareTraceProbe().probe();
    std::string whyNot;
    const pid_t tid = args::int32Or(arguments, "tid", state->process->processId());
    auto source = HardwareBranchSource::create(report, tid, *state->code, whyNot);
    if (!source) {
      throw RequestError(ErrorCode::Unsupported,
                         "Hardware branch tracing is not available: " + whyNot +
                             ". The recorded history (launch with \"record\") shows branches instead.");
    }
    HardwareBranchSource* raw = source.get();
    state->hardware = std::move(source);
    state->service->useHardwareProvider(
        std::make_unique<DecodedBranchProvider>(raw->description(), *state->locator, [raw]() { return raw->pull(); }));
    return {{"active", raw->description()}};
  });
}

}  // namespace rwd
