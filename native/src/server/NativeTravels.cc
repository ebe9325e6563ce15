// NativeTravels: which hits of a native recording stop, and the view.
#include "server/NativeTravels.h"

#include "protocol/RequestError.h"

namespace rwd {

std::set<uint64_t> NativeTravels::breakpointAddresses() const {
  const std::vector<uint64_t> all = session_.breakpoints.allAddresses();
  return std::set<uint64_t>(all.begin(), all.end());
}

void NativeTravels::show(pid_t replay) {
  session_.process.showPastIn(replay);
  session_.viewChanged();
}

std::vector<int> NativeTravels::judge(pid_t replay, uint64_t address) {
  std::vector<int> held;
  for (int id : session_.breakpoints.idsAt(address)) {
    const UserBreakpoint* breakpoint = session_.breakpoints.find(id);
    if (!breakpoint) continue;
    if (!breakpoint->condition.empty()) {
      // Only a condition reads the program: the replay is shown for it.
      if (session_.process.pastShownIn() != replay) show(replay);
      try {
        if (!session_.conditionHolds(breakpoint->condition)) continue;
      } catch (const std::exception&) {
        // A condition that cannot be evaluated stops live: here too.
      }
    }
    held.push_back(id);
  }
  return held;
}

std::vector<int> NativeTravels::stopping(const NativeHit& hit) {
  std::vector<int> ids;
  for (int id : hit.ids) {
    const UserBreakpoint* breakpoint = session_.breakpoints.find(id);
    if (!breakpoint || !breakpoint->logMessage.empty()) continue;  // a logpoint wrote its line live
    const int64_t number = session_.liveHits(id) - afterHere_[id];
    if (breakpoint->hitCondition.isSet() && !breakpoint->hitCondition.holdsAt(number)) continue;
    ids.push_back(id);
  }
  return ids;
}

TravelResult NativeTravels::stoppedAt(const NativeHit& hit, std::vector<int> ids) {
  hereIds_ = hit.ids;
  TravelResult result;
  result.reason = StopReason::Breakpoint;
  result.hitBreakpointIds = std::move(ids);
  result.description = past_->positionText();
  result.tid = session_.process.processId();
  return result;
}

std::optional<NativeHit> NativeTravels::travel(bool backward, const NativePast::Accept& accept) {
  try {
    return backward ? past_->backward(breakpointAddresses(), accept) : past_->forward(breakpointAddresses(), accept);
  } catch (const std::exception& error) {
    leave();
    throw RequestError(ErrorCode::Unsupported,
                       std::string(backward ? "Cannot run backwards: " : "Cannot continue in the past: ") +
                           error.what() +
                           ". Nothing of that past is shown: the program stays at the present, where it can go on "
                           "live; record it again to go back (with recordEngine \"step\" if this happens again).");
  }
}

void NativeTravels::leave() {
  if (past_) past_->leave();
  past_.reset();
  afterHere_.clear();
  hereIds_.clear();
}

TravelResult NativeTravels::reverseContinue(const NativeRecording& recording,
                                            const std::optional<StopReport>& presentStop) {
  if (!past_) {
    user_regs_struct present{};
    if (!session_.process.readRegisters(session_.process.processId(), present))
      throw RequestError(ErrorCode::WrongState, "Cannot run backwards: the program's registers cannot be read.");
    NativePast::Hooks hooks;
    hooks.show = [this](pid_t replay) { show(replay); };
    hooks.originalByte = [this](uint64_t address) {
      uint8_t byte = 0;
      session_.process.memory().read(address, &byte, 1);
      return byte;
    };
    hooks.judge = [this](pid_t replay, uint64_t address) { return judge(replay, address); };
    past_ = std::make_unique<NativePast>(recording, session_.process.processId(), present, std::move(hooks));
    presentStop_ = presentStop;
    hereIds_ = presentStop && presentStop->reason == StopReason::Breakpoint ? presentStop->hitBreakpointIds
                                                                            : std::vector<int>{};
  }
  for (int id : hereIds_) ++afterHere_[id];  // the position shown now lies after what is found
  std::vector<int> chosen;
  const auto accept = [&](const NativeHit& hit) {
    chosen = stopping(hit);
    if (!chosen.empty()) return true;
    for (int id : hit.ids) ++afterHere_[id];
    return false;
  };
  const std::optional<NativeHit> found = travel(true, accept);
  if (found) return stoppedAt(*found, chosen);
  hereIds_.clear();
  TravelResult result;
  result.reason = StopReason::Step;
  result.description = "Reached the start of the recording (" + past_->positionText() + ")";
  result.tid = session_.process.processId();
  return result;
}

TravelResult NativeTravels::continueForward() {
  std::vector<int> chosen;
  const auto accept = [&](const NativeHit& hit) {
    for (int id : hit.ids) --afterHere_[id];  // this hit no longer lies after the position
    chosen = stopping(hit);
    return !chosen.empty();
  };
  const std::optional<NativeHit> found = travel(false, accept);
  if (found) return stoppedAt(*found, chosen);
  // At the present again: the live program is shown as it was left.
  const std::optional<StopReport> present = presentStop_;
  leave();
  TravelResult result;
  result.tid = session_.process.processId();
  if (present && present->reason == StopReason::Breakpoint && !present->hitBreakpointIds.empty()) {
    result.reason = StopReason::Breakpoint;
    result.hitBreakpointIds = present->hitBreakpointIds;
    result.description = "Back at the present: the program stands where it stopped live";
    return result;
  }
  result.atLiveEnd = true;
  return result;
}

}  // namespace rwd
