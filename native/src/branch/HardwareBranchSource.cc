// HardwareBranchSource: collect, decode, hand over.
#include "branch/HardwareBranchSource.h"

#include <stdexcept>

#include "branch/PtDecoder.h"

namespace rwd {

std::unique_ptr<HardwareBranchSource> HardwareBranchSource::create(const HardwareTraceReport& report, pid_t tid,
                                                                   CodeReader& code, std::string& whyNot) {
  try {
    if (report.pt.usable && report.pt.type) {
      return std::make_unique<HardwareBranchSource>(
          std::make_unique<PerfBranchTracer>(PerfBranchTracer::Format::Pt, *report.pt.type, tid), code);
    }
    if (report.bts.usable && report.bts.type) {
      return std::make_unique<HardwareBranchSource>(
          std::make_unique<PerfBranchTracer>(PerfBranchTracer::Format::Bts, *report.bts.type, tid), code);
    }
    whyNot = report.message;
  } catch (const std::exception& error) { whyNot = error.what(); }
  return nullptr;
}

HardwareBranchSource::HardwareBranchSource(std::unique_ptr<PerfBranchTracer> tracer, CodeReader& code)
    : tracer_(std::move(tracer)), code_(code), bts_(tracer_->tid(), &code) {}

std::string HardwareBranchSource::description() const {
  return tracer_->format() == PerfBranchTracer::Format::Pt ? "Intel PT" : "Intel BTS";
}

std::vector<TakenBranch> HardwareBranchSource::pull() {
  AuxRingSpan span = tracer_->collect();
  if (tracer_->format() == PerfBranchTracer::Format::Bts) {
    bts_.decode(span);
    return bts_.take();
  }
  if (span.lostBytes > 0) {
    problems_.push_back("Intel PT: " + std::to_string(span.lostBytes) +
                        " bytes of trace were overwritten before they were read.");
  }
  PtDecoder decoder(code_, tracer_->tid());
  PtDecodeResult result = decoder.decode(span.bytes.data(), span.bytes.size(), ptInstructions_);
  ptInstructions_ += result.instructions;
  problems_.insert(problems_.end(), result.problems.begin(), result.problems.end());
  return std::move(result.branches);
}

}  // namespace rwd
