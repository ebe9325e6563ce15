// ModuleLineTable: the DWARF line table of one module, read with libdw's
// dwarf_getsrclines one compile unit at a time: an address lookup reads
// only the unit that holds the address (found through the units' address
// ranges), a file or line lookup reads them all once. Each unit's rows are
// flattened into a vector sorted by address; lines of every file are
// indexed once all units are read. Addresses are absolute (load bias
// applied).
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rwd {

class ModuleLineTable {
 public:
  struct Row {
    uint64_t address = 0;
    int line = 0;
    int column = 0;
    uint32_t file = 0;  // index into the module's file names
    bool isStatement = false;
    bool prologueEnd = false;
    bool endSequence = false;  // first address after a sequence; no line
  };
  struct RowRef {
    uint32_t unit = 0;
    uint32_t index = 0;
  };

  // Reads only the units' address ranges; rows are read when asked for.
  explicit ModuleLineTable(Dwfl_Module* module);

  // The row covering `pc`, or nullopt when no sequence covers it.
  std::optional<RowRef> rowAt(uint64_t pc);
  const Row& row(RowRef ref) const { return units_[ref.unit].rows[ref.index]; }
  const std::string& fileName(uint32_t file) const { return files_[file]; }
  // [start, end) of the run of rows around `ref` that share its line.
  std::pair<uint64_t, uint64_t> lineRun(RowRef ref) const;
  // The address just after the prologue of the function that occupies
  // [entry, end): a prologue_end row; else, in optimized code, the entry
  // itself; else the first statement row whose line differs from the entry
  // row's, else the second row.
  std::optional<uint64_t> afterPrologue(uint64_t entry, uint64_t end);

  // Whole-module questions (they read every unit the first time).
  const std::vector<std::string>& files();
  // The smallest line >= `line` of `file` that starts a run of rows marked
  // is_stmt, with the address of every such run; nullopt when none.
  std::optional<std::pair<int, std::vector<uint64_t>>> firstLineFrom(uint32_t file, int line);
  // Every is_stmt row of `file` on lines [firstLine, lastLine] (one per
  // statement a line holds, with its column), in line order.
  std::vector<Row> statementsIn(uint32_t file, int firstLine, int lastLine);
  // The first line the table starts at `address` (at -O2 several lines can
  // start at one address; a function's entry opens with its own line).
  std::optional<int> openingLineAt(uint64_t address);

 private:
  struct LineStart {
    int line = 0;
    uint64_t address = 0;
    bool operator<(const LineStart& other) const {
      return line != other.line ? line < other.line : address < other.address;
    }
  };
  struct Unit {
    Dwarf_Die die{};
    bool loaded = false;
    std::vector<Row> rows;  // sorted by address; end rows first at ties
    // Where each line starts, from every is_stmt row before rows at one
    // address are folded (at -O2 one address often starts several lines).
    std::vector<std::pair<uint32_t, LineStart>> statementStarts;  // (file, start)
    std::optional<bool> optimized;                                // has location lists; read on first use
  };
  struct UnitSpan {
    uint64_t start = 0;
    uint64_t end = 0;
    uint64_t reach = 0;  // the largest end of this and every earlier span
    uint32_t unit = 0;
  };
  struct AddressSpan {
    uint64_t start = 0;
    uint64_t end = 0;
  };

  Unit& loadedUnit(uint32_t index);
  void loadAll();
  std::vector<Row> readRows(Dwarf_Die* unit, std::vector<std::pair<uint32_t, LineStart>>& statementStarts);
  bool unitIsOptimized(uint32_t index);
  bool inCode(uint64_t address, bool inclusiveEnd) const;
  uint32_t fileIndex(const char* path);
  std::optional<uint32_t> rowInUnit(const Unit& unit, uint64_t pc) const;
  static bool sameRun(const std::vector<Row>& rows, size_t a, size_t b);

  Dwfl_Module* module_ = nullptr;
  uint64_t bias_ = 0;
  std::vector<AddressSpan> code_;  // executable segments
  std::vector<Unit> units_;
  std::vector<UnitSpan> spans_;      // sorted by start
  std::vector<uint32_t> rangeless_;  // units that state no address ranges
  bool allLoaded_ = false;
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> fileByName_;
  std::unordered_map<const char*, uint32_t> fileByPointer_;  // libdw's strings live with the Dwarf
  std::vector<std::vector<LineStart>> startsByFile_;         // built by loadAll
  std::unordered_map<uint64_t, int> openingLineByAddress_;   // built by loadAll
};

}  // namespace rwd
