// ProbeSite: where a uprobe goes — the module file and the offset in it of
// an instruction — with the instruction's address in the process.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace rwd {

struct ProbeSite {
  std::string path;
  uint64_t fileOffset = 0;
  uint64_t address = 0;

  // The site of `address` in `pid`, from /proc/<pid>/maps; nullopt when the
  // address is not in a mapped file (JIT code, anonymous memory).
  static std::optional<ProbeSite> of(pid_t pid, uint64_t address);
  // The first byte of the instruction, from the file (the process has the
  // uprobe's int3 there); nullopt when the file cannot be read.
  std::optional<uint8_t> originalByte() const;
};

}  // namespace rwd
