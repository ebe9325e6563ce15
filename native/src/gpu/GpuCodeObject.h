// GpuCodeObject: one GPU program loaded on the device (an ELF with DWARF,
// as the runtimes hand it to the debug interface), placed at a GPU
// address. It answers which source line and function a GPU pc is in,
// through elfutils libdw like the CPU side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gpu/GpuTypes.h"

struct Elf;
struct Dwarf;

namespace rwd {

class GpuCodeObject {
 public:
  // `loadAddress` is the GPU address of the ELF's address 0.
  GpuCodeObject(std::string name, std::vector<uint8_t> image, uint64_t loadAddress);
  ~GpuCodeObject();
  GpuCodeObject(const GpuCodeObject&) = delete;
  GpuCodeObject& operator=(const GpuCodeObject&) = delete;

  const std::string& name() const { return name_; }
  uint64_t loadAddress() const { return loadAddress_; }
  bool hasDebugInfo() const { return dwarf_ != nullptr; }
  // Whether a GPU address lies in one of the ELF's loaded sections.
  bool contains(uint64_t gpuAddress) const;
  std::optional<GpuSourcePlace> placeOf(uint64_t gpuAddress) const;
  // GPU addresses of the statements of `line` in a file whose path ends
  // with `file` (for breakpoints by line).
  std::vector<uint64_t> addressesOf(const std::string& file, int line) const;

 private:
  std::string name_;
  std::vector<uint8_t> image_;  // Elf reads from it: it must not move
  uint64_t loadAddress_;
  uint64_t lowest_ = 0, highest_ = 0;  // ELF addresses of the alloc sections
  Elf* elf_ = nullptr;
  Dwarf* dwarf_ = nullptr;
};

}  // namespace rwd
