// XsaveVectorRegisters: a VectorRegisterReader over a standard-format xsave
// image (what PTRACE_GETREGSET NT_X86_XSTATE returns), using this machine's
// XsaveLayout to find ymm/zmm upper halves and zmm16-31.
#pragma once

#include <cstdint>
#include <vector>

#include "record/VectorRegisterReader.h"
#include "record/XsaveLayout.h"

namespace rwd {

class XsaveVectorRegisters : public VectorRegisterReader {
 public:
  XsaveVectorRegisters(const XsaveLayout& layout, std::vector<uint8_t> image);
  bool read(unsigned number, size_t bytes, uint8_t* out) const override;

 private:
  bool copy(uint32_t offset, size_t length, uint8_t* out) const;
  XsaveLayout layout_;
  std::vector<uint8_t> image_;
};

}  // namespace rwd
