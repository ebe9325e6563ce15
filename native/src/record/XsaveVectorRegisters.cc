// XsaveVectorRegisters: slicing vector registers out of an xsave image.
// xmm0-15 live at offset 160 of the legacy area; the upper 128 bits of
// ymm0-15 in component 2; the upper 256 bits of zmm0-15 in component 6;
// zmm16-31 whole in component 7. A component whose XSTATE_BV bit is clear is
// in its initial state (zero).
#include "record/XsaveVectorRegisters.h"

#include <cstring>

namespace rwd {

XsaveVectorRegisters::XsaveVectorRegisters(const XsaveLayout& layout, std::vector<uint8_t> image)
    : layout_(layout), image_(std::move(image)) {}

bool XsaveVectorRegisters::copy(uint32_t offset, size_t length, uint8_t* out) const {
  if (offset == 0 || offset + length > image_.size()) return false;
  std::memcpy(out, image_.data() + offset, length);
  return true;
}

bool XsaveVectorRegisters::read(unsigned number, size_t bytes, uint8_t* out) const {
  if (number > 31 || (bytes != 16 && bytes != 32 && bytes != 64)) return false;
  if (image_.size() < 512 + 64) return false;
  uint64_t present;
  std::memcpy(&present, image_.data() + 512, 8);  // XSTATE_BV
  auto component = [&](unsigned bit, uint32_t offset, size_t length, uint8_t* destination) {
    if (!(present & (1ull << bit))) {
      std::memset(destination, 0, length);
      return true;
    }
    return copy(offset, length, destination);
  };
  if (number >= 16) {
    if (layout_.highZmmOffset() == 0) return false;
    return component(7, layout_.highZmmOffset() + (number - 16) * 64, bytes, out);
  }
  if (!component(1, 160 + number * 16, 16, out)) return false;
  if (bytes >= 32) {
    if (layout_.ymmHighOffset() == 0) return false;
    if (!component(2, layout_.ymmHighOffset() + number * 16, 16, out + 16)) return false;
  }
  if (bytes == 64) {
    if (layout_.zmmHighOffset() == 0) return false;
    if (!component(6, layout_.zmmHighOffset() + number * 32, 32, out + 32)) return false;
  }
  return true;
}

}  // namespace rwd
