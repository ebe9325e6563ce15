// AddressSpace: the debuggee's memory (through /proc/PID/mem) and the
// software breakpoint sites in it. Sites are reference counted so user,
// stepping and internal breakpoints can share an address; reads show the
// original bytes, never the 0xCC.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace rwd {

class AddressSpace {
 public:
  explicit AddressSpace(pid_t pid);
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  size_t read(uint64_t address, void* out, size_t length) const;
  bool write(uint64_t address, const void* in, size_t length);

  // Inserts (or references) a breakpoint site; false when the code at
  // `address` cannot be written.
  bool addBreakpoint(uint64_t address);
  void removeBreakpoint(uint64_t address);
  bool hasBreakpoint(uint64_t address) const { return sites_.count(address) != 0; }

  // Takes the 0xCC out while a thread steps over the site, and back.
  void suspendBreakpoint(uint64_t address);
  void restoreBreakpoint(uint64_t address);

  // While a vfork child borrows the memory, every site is taken out.
  void suspendAllBreakpoints();
  void restoreAllBreakpoints();

  // A byte the kernel put into the code (a uprobe's int3, `current`
  // 0xCC), or one of a patch's jump (kernel probes on a trampoline): reads
  // show `original` there, writes keep the foreign byte, and a breakpoint
  // of ours on the same address leaves it in place when it goes. A patch's
  // byte also stays while a breakpoint there is stepped over, and a forked
  // child gets the original.
  void addForeignSite(uint64_t address, uint8_t original, uint8_t current = 0xCC);
  void removeForeignSite(uint64_t address);
  bool hasForeignSite(uint64_t address) const { return foreignSites_.count(address) != 0; }
  // Whether a breakpoint of ours or a foreign site lies in [from, to).
  bool hasSiteIn(uint64_t from, uint64_t to) const;

  // Puts every original byte back (detach) and forgets the sites.
  void removeAllBreakpoints();
  // After execve the old image is gone: forget sites, reopen memory.
  void resetAfterExec();
  // A forked child inherits the 0xCC bytes: write the originals into it.
  void clearBreakpointsIn(pid_t child) const;
  // The debugger follows a forked child, whose code and breakpoint bytes
  // are the same: the sites stay, the memory becomes the child's.
  void moveTo(pid_t pid);
  // Reads come from `other`'s memory (a replay of the program's past, with
  // the same code and layout) until showFrom(0); writes still go to the program.
  void showFrom(pid_t other);

 private:
  struct Site {
    uint8_t original = 0;
    int references = 0;
    bool inserted = false;
  };
  bool rawWrite(uint64_t address, const void* in, size_t length);
  pid_t pid_;
  int memFd_ = -1;
  int viewFd_ = -1;  // showFrom
  std::map<uint64_t, Site> sites_;
  struct ForeignSite {
    uint8_t original = 0;
    uint8_t current = 0xCC;
    int references = 0;
  };
  bool isPatchByte(uint64_t address) const;
  std::map<uint64_t, ForeignSite> foreignSites_;
};

}  // namespace rwd
