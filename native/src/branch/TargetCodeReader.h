// TargetCodeReader: a CodeReader over the debuggee's memory as the symbol
// side sees it (TargetAccess, breakpoint bytes shown as the original code).
#pragma once

#include "branch/CodeReader.h"
#include "core/TargetAccess.h"

namespace rwd {

class TargetCodeReader : public CodeReader {
 public:
  explicit TargetCodeReader(TargetAccess& target) : target_(target) {}
  size_t readCode(uint64_t address, uint8_t* out, size_t size) override {
    return target_.readMemory(address, out, size);
  }

 private:
  TargetAccess& target_;
};

}  // namespace rwd
