// IfuncTargets: the implementations IFUNC resolvers pick.
#include "control/IfuncTargets.h"

namespace rwd {

std::optional<uint64_t> IfuncTargets::targetOf(uint64_t resolver) {
  if (auto known = targets_.find(resolver); known != targets_.end()) return known->second;
  if (!watched_.count(resolver) && callResolver) {
    if (auto target = callResolver(resolver); target && *target) {
      targets_[resolver] = *target;
      return target;
    }
  }
  if (!watched_.count(resolver) && memory_.addBreakpoint(resolver)) watched_.insert(resolver);
  return std::nullopt;
}

bool IfuncTargets::onSite(uint64_t address, const user_regs_struct& regs) {
  if (watched_.count(address)) {
    // The resolver's first instruction: its return address is on the stack.
    uint64_t returnAddress = 0;
    if (memory_.read(regs.rsp, &returnAddress, sizeof(returnAddress)) != sizeof(returnAddress)) return false;
    if (!returns_.count(returnAddress) && memory_.addBreakpoint(returnAddress)) {
      returns_[returnAddress] = PendingReturn{address, regs.rsp + 8};
    }
    return false;
  }
  auto pending = returns_.find(address);
  if (pending == returns_.end() || pending->second.stack != regs.rsp) return false;  // another call passing by
  const uint64_t resolver = pending->second.resolver;
  targets_[resolver] = regs.rax;
  memory_.removeBreakpoint(address);
  returns_.erase(pending);
  if (watched_.erase(resolver)) memory_.removeBreakpoint(resolver);
  return regs.rax != 0;
}

void IfuncTargets::forget() {
  targets_.clear();
  watched_.clear();
  returns_.clear();
}

}  // namespace rwd
