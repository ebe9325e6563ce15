// IfuncTargets: where IFUNC symbols (STT_GNU_IFUNC, such as libm's cos and
// floor) really lead. Such a symbol's address is a resolver: a function
// that the dynamic linker calls when it binds the symbol, and that returns
// the implementation chosen for this CPU. A breakpoint belongs on that
// implementation (as gdb puts it), so the resolver's answer is needed:
//  - in a live program whose libraries are relocated, the resolver is
//    called (callResolver, through FunctionCallRunner);
//  - otherwise (the library has just been mapped and is not relocated
//    yet, so the call faults and is undone; or a recording forbids calls)
//    the resolver is watched: a breakpoint of ours on it catches the
//    program's own call (the dynamic linker binding the symbol, lazily at
//    its first call or at start-up), one on its return address then reads
//    the answer from rax.
// Reading the program's GOT instead would only work once the symbol is
// bound, which with lazy binding is after its first call.
#pragma once

#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "process/AddressSpace.h"

namespace rwd {

class IfuncTargets {
 public:
  explicit IfuncTargets(AddressSpace& memory) : memory_(memory) {}
  // Calls a resolver in the stopped program and answers what it returned;
  // nullopt when no call can run now or the call did not return.
  std::function<std::optional<uint64_t>(uint64_t resolver)> callResolver;

  // The implementation `resolver` picks, when known or learnt by a call
  // now; nullopt when not yet, and the resolver is then watched.
  std::optional<uint64_t> targetOf(uint64_t resolver);
  // Whether `address` is one of the breakpoints this class set.
  bool isSite(uint64_t address) const { return watched_.count(address) || returns_.count(address); }
  // At a stop of a thread with registers `regs` at one of those sites:
  // true when an implementation became known (pending breakpoints can bind).
  bool onSite(uint64_t address, const user_regs_struct& regs);
  // After execve: what was known is stale (the breakpoint bytes went with the old image).
  void forget();

 private:
  struct PendingReturn {
    uint64_t resolver = 0;
    uint64_t stack = 0;  // rsp after the resolver's `ret`
  };

  AddressSpace& memory_;
  std::map<uint64_t, uint64_t> targets_;  // resolver → implementation
  std::set<uint64_t> watched_;            // resolvers with a breakpoint of ours
  std::map<uint64_t, PendingReturn> returns_;
};

}  // namespace rwd
