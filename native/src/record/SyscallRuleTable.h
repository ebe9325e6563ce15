// SyscallRuleTable: for every x86-64 system call number, the rule that
// describes its memory effects (or nothing, for calls that write no user
// memory), and whether it writes even when it fails (nanosleep's remaining
// time, poll's revents...). Numbers without an entry are unknown: the
// recorder stops rather than guess. Rules are registered by name, grouped in
// the *SyscallRules.cc files.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "record/SyscallEffectBuilder.h"

namespace rwd {

using SyscallRule = void (*)(SyscallEffectBuilder&);

struct SyscallRuleEntry {
  bool known = false;
  bool writesOnError = false;
  SyscallRule rule = nullptr;  // null: writes no user memory
};

class SyscallRuleTable {
 public:
  static constexpr size_t kSize = 512;
  static const SyscallRuleTable& instance();

  const SyscallRuleEntry& entry(uint64_t number) const;

  void add(const char* name, SyscallRule rule, bool writesOnError = false);
  void addWritesNothing(std::initializer_list<const char*> names);

 private:
  SyscallRuleTable();
  std::array<SyscallRuleEntry, kSize> entries_{};
};

void addFileSyscallRules(SyscallRuleTable& table);
void addTimeAndSignalSyscallRules(SyscallRuleTable& table);
void addProcessSyscallRules(SyscallRuleTable& table);
void addSocketAndIpcSyscallRules(SyscallRuleTable& table);
void addMemorySyscallRules(SyscallRuleTable& table);

}  // namespace rwd
