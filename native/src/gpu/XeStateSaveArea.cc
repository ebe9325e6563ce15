// XeStateSaveArea: header checks and register sets cut from a thread's area.
#include "gpu/XeStateSaveArea.h"

#include <cstring>
#include <string>

#include "gpu/GpuError.h"

namespace rwd {

XeStateSaveArea::XeStateSaveArea(const std::vector<uint8_t>& headerBytes) {
  if (headerBytes.size() < kHeaderSize) throw GpuError("The Xe state save area header is truncated.");
  std::memcpy(&header_, headerBytes.data(), kHeaderSize);
  if (std::strncmp(header_.version.magic, "tssarea", 8) != 0)
    throw GpuError(
        "The Xe state save area does not start with \"tssarea\": "
        "the SIP kernel is not a debug SIP.");
  if (header_.version.major < 1 || header_.version.major > 2)
    throw GpuError("The Xe state save area has version " + std::to_string(header_.version.major) +
                   ", which Rewind does not read (it reads versions 1 and 2).");
  if (header_.regs.stateSaveSize == 0) throw GpuError("The Xe state save area gives no per-thread size.");
}

XeThreadTopology XeStateSaveArea::topology() const {
  const auto& r = header_.regs;
  return XeThreadTopology(r.numSlices, r.numSubslicesPerSlice, r.numEusPerSubslice, r.numThreadsPerEu);
}

uint64_t XeStateSaveArea::threadOffset(const XeThreadSlot& slot) const {
  return header_.regs.stateAreaOffset + topology().linearIndex(slot) * header_.regs.stateSaveSize;
}

namespace {

void addSet(std::vector<GpuRegister>& out, const std::vector<uint8_t>& area, const xe::RegsetDescriptor& set,
            const char* prefix, const char* group) {
  for (uint32_t i = 0; i < set.count; ++i) {
    uint64_t start = uint64_t(set.offset) + uint64_t(i) * set.bytes;
    if (set.bytes == 0 || start + set.bytes > area.size()) break;
    out.push_back({group, prefix + std::to_string(i),
                   std::vector<uint8_t>(area.begin() + start, area.begin() + start + set.bytes)});
  }
}

}  // namespace

std::vector<GpuRegister> XeStateSaveArea::registers(const std::vector<uint8_t>& area) const {
  const auto& r = header_.regs;
  std::vector<GpuRegister> out;
  addSet(out, area, r.cr, "cr", "control");
  addSet(out, area, r.sr, "sr", "control");
  addSet(out, area, r.emask, "emask", "control");
  addSet(out, area, r.flag, "f", "control");
  addSet(out, area, r.addr, "a", "address");
  addSet(out, area, r.acc, "acc", "general");
  addSet(out, area, r.grf, "r", "general");
  return out;
}

uint32_t XeStateSaveArea::instructionOffset(const std::vector<uint8_t>& area) const {
  const auto& cr = header_.regs.cr;
  uint64_t at = uint64_t(cr.offset) + 2 * sizeof(uint32_t);  // cr0.2
  if (cr.count == 0 || cr.bytes < 12 || at + 4 > area.size())
    throw GpuError(
        "The Xe state save area has no cr0.2 (the instruction "
        "pointer) for this thread.");
  uint32_t ip = 0;
  std::memcpy(&ip, area.data() + at, sizeof ip);
  return ip;
}

}  // namespace rwd
