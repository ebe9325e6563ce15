// SyscallRuleTable: building the table from the rule groups.
#include "record/SyscallRuleTable.h"

#include <cstdio>
#include <cstdlib>

#include "record/SyscallNames.h"

namespace rwd {

namespace {
const SyscallRuleEntry kUnknownEntry{};

size_t numberOf(const char* name) {
  int64_t number = SyscallNames::number(name);
  if (number < 0 || static_cast<size_t>(number) >= SyscallRuleTable::kSize) {
    std::fprintf(stderr, "SyscallRuleTable: no system call named '%s'\n", name);
    std::abort();  // a typo in a rule file, caught by the first test that runs
  }
  return static_cast<size_t>(number);
}
}  // namespace

SyscallRuleTable::SyscallRuleTable() {
  addFileSyscallRules(*this);
  addTimeAndSignalSyscallRules(*this);
  addProcessSyscallRules(*this);
  addSocketAndIpcSyscallRules(*this);
  addMemorySyscallRules(*this);
}

const SyscallRuleTable& SyscallRuleTable::instance() {
  static const SyscallRuleTable table;
  return table;
}

const SyscallRuleEntry& SyscallRuleTable::entry(uint64_t number) const {
  return number < kSize ? entries_[number] : kUnknownEntry;
}

void SyscallRuleTable::add(const char* name, SyscallRule rule, bool writesOnError) {
  entries_[numberOf(name)] = SyscallRuleEntry{true, writesOnError, rule};
}

void SyscallRuleTable::addWritesNothing(std::initializer_list<const char*> names) {
  for (const char* name : names) entries_[numberOf(name)] = SyscallRuleEntry{true, false, nullptr};
}

}  // namespace rwd
