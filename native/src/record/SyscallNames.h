// SyscallNames: the names of x86-64 Linux system calls by number, for
// messages ("the recorder does not know what system call 'X' writes").
// Numbers 0-450 follow asm/unistd_64.h; 451-469 were added by later kernels.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

class SyscallNames {
 public:
  // The name, or "" for a number no kernel uses.
  static const char* name(uint64_t number);
  // The name, or "syscall N" for a number no kernel uses.
  static std::string describe(uint64_t number);
  // The number of a name, or -1.
  static int64_t number(const std::string& name);
};

}  // namespace rwd
