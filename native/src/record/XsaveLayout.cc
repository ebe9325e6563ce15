// XsaveLayout: CPUID leaf 0xD, XCR0, and the standard/compacted size bounds.
#include "record/XsaveLayout.h"

#include <cpuid.h>

namespace rwd {

XsaveLayout XsaveLayout::withAreaSize(uint32_t areaSize) {
  XsaveLayout layout;
  layout.areaSize = layout.signalFrameXstateSize = areaSize;
  return layout;
}

XsaveLayout XsaveLayout::query() {
  XsaveLayout layout = withAreaSize(kLegacyAndHeader);
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0, nullptr) < 0xD) return layout;
  __cpuid_count(1, 0, eax, ebx, ecx, edx);
  if (!(ecx & (1u << 27))) return layout;  // no OSXSAVE: xgetbv would fault
  uint32_t xcr0Low = 0, xcr0High = 0;
  asm volatile("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
  layout.enabledFeatures = (uint64_t{xcr0High} << 32) | xcr0Low;
  __cpuid_count(0xD, 0, eax, ebx, ecx, edx);
  layout.areaSize = ebx;  // standard-format size for the features enabled in XCR0
  uint32_t defaultEnd = kLegacyAndHeader;
  for (unsigned index = 2; index < 63; ++index) {
    if (!((layout.enabledFeatures >> index) & 1)) continue;
    unsigned size = 0, offset = 0, flags = 0, unused = 0;
    __cpuid_count(0xD, index, size, offset, flags, unused);
    layout.components[index] = XsaveComponent{offset, size, (flags & 2) != 0};
    const bool dynamic = flags & 4;  // XFD-managed: absent from signal frames by default
    if (!dynamic && offset + size > defaultEnd) defaultEnd = offset + size;
  }
  layout.signalFrameXstateSize = defaultEnd;
  return layout;
}

uint32_t XsaveLayout::hostAreaSize() {
  static const uint32_t size = query().areaSize;
  return size;
}

uint32_t XsaveLayout::bytesWritten(uint64_t requested, bool compacted) const {
  if (enabledFeatures == 0) return areaSize;  // geometry unknown: the whole area
  const uint64_t saved = requested & enabledFeatures;
  uint32_t end = kLegacyAndHeader;  // x87/SSE legacy region and the header
  for (unsigned index = 2; index < 63; ++index) {
    if (!((saved >> index) & 1)) continue;
    const XsaveComponent& component = components[index];
    if (compacted) {
      if (component.aligned64) end = (end + 63) & ~uint32_t{63};
      end += component.size;
    } else if (component.offset + component.size > end) {
      end = component.offset + component.size;
    }
  }
  return end;
}

}  // namespace rwd
