// XsaveLayout: this machine's XSAVE geometry from CPUID leaf 0xD and XCR0,
// read once by the caller and handed to the analyzer: where each state
// component lives and how big it is, so that the bytes an xsave-family
// instruction may write can be bounded by the components it was asked for
// (RFBM = EDX:EAX & XCR0) in the standard (xsave, xsaveopt) or compacted
// (xsavec, xsaves) format; the size of the whole area for every enabled
// feature; the smaller size the kernel puts in a signal frame (it leaves
// out XFD-managed features such as AMX tile data until the process asks for
// them with arch_prctl(ARCH_REQ_XCOMP_PERM)); and the offsets of the vector
// registers in a standard-format image (what PTRACE_GETREGSET NT_X86_XSTATE
// returns), used to read zmm registers for scatters.
#pragma once

#include <cstdint>

namespace rwd {

struct XsaveComponent {
  uint32_t offset = 0;  // in the standard format
  uint32_t size = 0;
  bool aligned64 = false;  // starts on a 64-byte boundary in the compacted format
};

class XsaveLayout {
 public:
  static constexpr uint32_t kLegacyAndHeader = 512 + 64;

  // Queries CPUID and XCR0 on the machine running the recorder (the debuggee's).
  static XsaveLayout query();
  // A layout that only knows the area size: every save may write all of it.
  static XsaveLayout withAreaSize(uint32_t areaSize);
  // query().areaSize, computed once.
  static uint32_t hostAreaSize();

  // The most an xsave-family instruction with EDX:EAX = `requested` writes.
  uint32_t bytesWritten(uint64_t requested, bool compacted) const;

  uint32_t areaSize = 0;               // all features enabled in XCR0, standard format
  uint32_t signalFrameXstateSize = 0;  // without XFD-managed (dynamic) features
  uint64_t enabledFeatures = 0;        // XCR0; 0 when unknown
  XsaveComponent components[64] = {};

  // Offsets in the standard-format area; 0 when the component is absent.
  uint32_t ymmHighOffset() const { return component(2); }  // upper halves of ymm0-15
  uint32_t zmmHighOffset() const { return component(6); }  // upper halves of zmm0-15
  uint32_t highZmmOffset() const { return component(7); }  // zmm16-31

 private:
  uint32_t component(unsigned index) const { return (enabledFeatures >> index) & 1 ? components[index].offset : 0; }
};

}  // namespace rwd
