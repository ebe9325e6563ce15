// PerfBranchTracer: records a thread's branches in hardware through
// perf_event_open with the intel_bts or intel_pt PMU: the event's ring
// buffer plus its AUX area, where the hardware writes. collect() returns
// the AUX bytes written since the last call (AuxRingReader) and hands the
// space back to the kernel. NOT VERIFIED ON HARDWARE: the machines Rewind
// is developed on have no PMU driver; the decoders it feeds are tested on
// buffers the tests build.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "branch/AuxRingReader.h"

namespace rwd {

class PerfBranchTracer {
 public:
  enum class Format { Bts, Pt };

  // Opens and enables the event on `tid`. `pmuType` is the perf type from
  // HardwareTraceProbe; `auxPages` must be a power of two. Throws
  // std::runtime_error with a sentence for the user when it cannot.
  PerfBranchTracer(Format format, int pmuType, pid_t tid, size_t auxPages = 256);
  ~PerfBranchTracer();
  PerfBranchTracer(const PerfBranchTracer&) = delete;
  PerfBranchTracer& operator=(const PerfBranchTracer&) = delete;

  Format format() const { return format_; }
  pid_t tid() const { return tid_; }
  AuxRingSpan collect();

 private:
  Format format_;
  pid_t tid_;
  int fd_ = -1;
  void* base_ = nullptr;  // the perf_event_mmap_page and the (unused) data ring
  size_t baseSize_ = 0;
  void* aux_ = nullptr;
  size_t auxSize_ = 0;
};

}  // namespace rwd
