// CapstoneHandle: opening, options, one-instruction decoding.
#include "disasm/CapstoneHandle.h"

#include <capstone/capstone.h>

#include <stdexcept>

namespace rwd {

CapstoneHandle::CapstoneHandle(bool withDetails) {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) throw std::runtime_error("Capstone could not start");
  cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  if (withDetails) cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
  handle_ = handle;
}

CapstoneHandle::~CapstoneHandle() {
  csh handle = handle_;
  cs_close(&handle);
}

bool CapstoneHandle::decodeFirst(const uint8_t* bytes, size_t size, uint64_t address,
                                 const std::function<void(const cs_insn&)>& use) const {
  cs_insn* instruction = nullptr;
  const size_t count = cs_disasm(handle_, bytes, size, address, 1, &instruction);
  if (count == 0) return false;
  use(*instruction);
  cs_free(instruction, count);
  return true;
}

bool CapstoneHandle::inGroup(const cs_insn& instruction, int group) const {
  return cs_insn_group(handle_, &instruction, static_cast<uint8_t>(group));
}

}  // namespace rwd
