// NativeReplayTestSupport: the check the native-engine tests share — replay
// a recording from one of its checkpoints to the program's exit and compare
// the replay's final registers, writable-memory digest and (from the start)
// the number of write buffers it checked with the recording's.
#pragma once

#include <cstring>
#include <string>

#include "replay/NativeRecording.h"
#include "replay/NativeReplayer.h"
#include "replay/ReplayDivergence.h"
#include "SymbolsTestSupport.h"

namespace rwd::testsupport {

// "" when the replay from checkpoint `index` reached the recorded exit, else
// the divergence message; `writes` is what a replay from the start checks.
inline std::string replayToExitAndCompare(const NativeRecording& recording, size_t index, size_t writes) {
  try {
    NativeReplayer replayer(recording, index);
    replayer.runTo(recording.events.size());
    const NativeEvent& exit = recording.events.back();
    CHECK(std::memcmp(&replayer.finalRegisters(), &exit.finalRegisters, sizeof exit.finalRegisters) == 0);
    CHECK_EQ(replayer.finalMemoryDigest(), exit.memoryDigest);
    CHECK(replayer.finalMemoryDigest() != 0);
    if (index == 0) CHECK_EQ(replayer.outputsChecked(), writes);
    return "";
  } catch (const ReplayDivergence& divergence) { return divergence.what(); }
}

}  // namespace rwd::testsupport
