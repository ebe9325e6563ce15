// HardwareBranchSource: a PerfBranchTracer and the decoder for its format,
// as the `pull` function of a DecodedBranchProvider: each pull collects the
// AUX bytes written since the last one and decodes them. Intel PT chunks
// are decoded independently (each from its first PSB on), with instruction
// indices running on from the previous chunk. NOT VERIFIED ON HARDWARE (no
// PMU on the development machines); create() says clearly why it cannot run.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "branch/BranchTypes.h"
#include "branch/BtsDecoder.h"
#include "branch/CodeReader.h"
#include "branch/HardwareTraceProbe.h"
#include "branch/PerfBranchTracer.h"

namespace rwd {

class HardwareBranchSource {
 public:
  // Picks Intel PT when usable, else Intel BTS. Returns null and sets
  // `whyNot` when neither can run here.
  static std::unique_ptr<HardwareBranchSource> create(const HardwareTraceReport& report, pid_t tid, CodeReader& code,
                                                      std::string& whyNot);
  HardwareBranchSource(std::unique_ptr<PerfBranchTracer> tracer, CodeReader& code);

  std::string description() const;
  std::vector<TakenBranch> pull();
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::unique_ptr<PerfBranchTracer> tracer_;
  CodeReader& code_;
  BtsDecoder bts_;
  uint64_t ptInstructions_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace rwd
