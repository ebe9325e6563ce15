// SymbolIndex: the program's modules as elfutils libdwfl sees them (ELF
// symbols, DWARF line tables), kept in step with the process's mappings.
// Answers "where is this address" and "which addresses are this line".
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/TargetAccess.h"

namespace rwd {

struct ModuleInfo {
  std::string name;   // file name, e.g. "libc.so.6"
  std::string path;   // as mapped
  uint64_t base = 0;  // load bias start (lowest mapped address)
  uint64_t end = 0;
  bool hasDebugInfo = false;  // has DWARF (.debug_info), not only ELF symbols
};

struct SourceLocation {
  std::string file;  // absolute path as recorded in DWARF (comp_dir joined)
  int line = 0;
  int column = 0;
};

struct LineResolution {
  int line = 0;                     // the line that really has code (>= requested)
  std::string file;                 // the DWARF file name matched
  std::vector<uint64_t> addresses;  // where the line starts: per block, its lowest is_stmt run (LineBlocks)
};

// A place in a source file where a statement's code starts (DWARF is_stmt).
struct StatementPosition {
  int line = 0;
  int column = 0;  // 0 when the compiler gave none
  uint64_t address = 0;
};

// [start, end) of consecutive line-table rows that share the line of `pc`,
// within one function; used by line stepping.
struct AddressRange {
  uint64_t start = 0;
  uint64_t end = 0;
};

class SymbolIndex {
 public:
  explicit SymbolIndex(TargetAccess& target);
  ~SymbolIndex();
  SymbolIndex(const SymbolIndex&) = delete;
  SymbolIndex& operator=(const SymbolIndex&) = delete;

  // Re-reads /proc/PID/maps; returns the modules that are new since the
  // last call (and fills `removed` with the ones gone, when given).
  std::vector<ModuleInfo> refresh(std::vector<ModuleInfo>* removed = nullptr);
  const std::vector<ModuleInfo>& modules() const;
  Dwfl* dwfl() const;

  // Line of the breakpoint: the first line >= `line` that has code in a
  // file matching `sourcePath`. Empty addresses when the file is known but
  // has no code at or after that line; nullopt when no loaded module has the
  // file at all (pending).
  std::optional<LineResolution> resolveLine(const std::string& sourcePath, int line) const;
  // Where statements start on lines [firstLine, lastLine] of a source file,
  // in every loaded module that has it, by line, column and address.
  std::vector<StatementPosition> statementPositions(const std::string& sourcePath, int firstLine, int lastLine) const;

  std::optional<SourceLocation> locationAt(uint64_t pc) const;
  // True when `pc` is the first address of an is_stmt line-table row.
  bool isStatementStart(uint64_t pc) const;
  std::optional<AddressRange> lineRangeAt(uint64_t pc) const;

  // ELF symbol containing `pc`: name (demangled where C++) and start.
  std::optional<std::pair<std::string, uint64_t>> functionAt(uint64_t pc) const;
  // Address of the first line after the prologue of the function that
  // starts at `entry` (the second line-table row of that function), or
  // nullopt when the function has no line information.
  std::optional<uint64_t> addressAfterPrologue(uint64_t entry) const;
  // Address of an ELF symbol by exact name in any module (e.g. "main",
  // "_dl_debug_state"); first match.
  std::optional<uint64_t> symbolAddress(const std::string& name) const;
  // Module that contains `pc` and the offset of pc in it.
  std::optional<std::pair<ModuleInfo, uint64_t>> moduleAt(uint64_t pc) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwd
