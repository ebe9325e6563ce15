// NativeReplayTestSupport: the check the native-engine tests share — replay
// a recording from one of its checkpoints to the program's exit and compare
// the replay's final registers, writable-memory digest and (from the start)
// the number of write buffers it checked with the recording's; and where a
// function of a fixture lies.
#pragma once

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>

#include "replay/NativeRecorder.h"
#include "replay/NativeRecording.h"
#include "replay/NativeReplayer.h"
#include "replay/ReplayDivergence.h"
#include "SymbolsTestSupport.h"

namespace rwd::testsupport {

// Records with `options`, the program's output thrown away.
inline NativeRecording recordWithOutputDiscarded(NativeRecorder::Options options) {
  options.outputFd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  NativeRecorder recorder(options);
  NativeRecording recording = recorder.record();
  ::close(options.outputFd);
  return recording;
}

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

// The address of function `name` in a non-PIE executable (its symbol value).
inline uint64_t functionAddress(const std::filesystem::path& binary, const std::string& name) {
  const int fd = ::open(binary.c_str(), O_RDONLY | O_CLOEXEC);
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  uint64_t address = 0;
  Elf_Scn* section = nullptr;
  while (elf && (section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) || header.sh_type != SHT_SYMTAB) continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    for (size_t i = 0; data && i < header.sh_size / header.sh_entsize; ++i) {
      GElf_Sym symbol;
      if (gelf_getsym(data, static_cast<int>(i), &symbol) && name == elf_strptr(elf, header.sh_link, symbol.st_name))
        address = symbol.st_value;
    }
  }
  if (elf) elf_end(elf);
  ::close(fd);
  return address;
}

}  // namespace rwd::testsupport
