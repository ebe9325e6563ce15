// ModuleLineTable: one module's DWARF line rows, read unit by unit.
#include "symbols/ModuleLineTable.h"

#include <dwarf.h>
#include <gelf.h>

#include <algorithm>
#include <filesystem>

namespace rwd {

namespace {

// Executable PT_LOAD segments of the module, at their loaded addresses.
// Rows outside them belong to code the linker discarded (the tombstone
// sequences at address 0 that COMDAT folding and --gc-sections leave).
std::vector<std::pair<uint64_t, uint64_t>> executableSegments(Dwfl_Module* module) {
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  GElf_Addr bias = 0;
  Elf* elf = dwfl_module_getelf(module, &bias);
  size_t count = 0;
  if (!elf || elf_getphdrnum(elf, &count) != 0) return spans;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr header;
    if (!gelf_getphdr(elf, static_cast<int>(i), &header)) continue;
    if (header.p_type == PT_LOAD && (header.p_flags & PF_X)) {
      spans.push_back({header.p_vaddr + bias, header.p_vaddr + header.p_memsz + bias});
    }
  }
  return spans;
}

// True when some DIE under `die` (the DIE itself included) places a variable
// with a location list: the mark of optimized code, as gdb reads it.
bool hasLocationList(Dwarf_Die* die) {
  Dwarf_Attribute attribute;
  if (dwarf_attr(die, DW_AT_location, &attribute)) {
    const unsigned form = dwarf_whatform(&attribute);
    if (form == DW_FORM_sec_offset || form == DW_FORM_loclistx || form == DW_FORM_data4 || form == DW_FORM_data8) {
      return true;
    }
  }
  Dwarf_Die child;
  if (dwarf_child(die, &child) != 0) return false;
  do {
    if (hasLocationList(&child)) return true;
  } while (dwarf_siblingof(&child, &child) == 0);
  return false;
}

}  // namespace

ModuleLineTable::ModuleLineTable(Dwfl_Module* module) {
  Dwarf_Addr bias = 0;
  if (!dwfl_module_getdwarf(module, &bias)) return;
  module_ = module;
  bias_ = bias;
  for (const auto& [start, end] : executableSegments(module)) code_.push_back({start, end});
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) {
    const auto index = static_cast<uint32_t>(units_.size());
    units_.push_back(Unit{*unit, false, {}, {}, std::nullopt});
    Dwarf_Addr base = 0, start = 0, end = 0;
    ptrdiff_t offset = 0;
    bool anyRange = false;
    while ((offset = dwarf_ranges(unit, offset, &base, &start, &end)) > 0) {
      anyRange = true;
      // Ranges of code the linker discarded point outside the code.
      if (end > start && inCode(start + bias, false)) spans_.push_back({start + bias, end + bias, 0, index});
    }
    if (!anyRange && dwarf_hasattr(unit, DW_AT_stmt_list)) rangeless_.push_back(index);
  }
  std::sort(spans_.begin(), spans_.end(), [](const UnitSpan& a, const UnitSpan& b) { return a.start < b.start; });
  uint64_t reach = 0;
  for (auto& span : spans_) span.reach = reach = std::max(reach, span.end);
}

bool ModuleLineTable::inCode(uint64_t address, bool inclusiveEnd) const {
  if (code_.empty()) return true;  // no program headers (odd module): keep everything
  for (const auto& span : code_) {
    if (address >= span.start && (address < span.end || (inclusiveEnd && address == span.end))) return true;
  }
  return false;
}

uint32_t ModuleLineTable::fileIndex(const char* path) {
  auto byPointer = fileByPointer_.find(path);
  if (byPointer != fileByPointer_.end()) return byPointer->second;
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  auto known = fileByName_.find(normal);
  uint32_t index = 0;
  if (known != fileByName_.end()) {
    index = known->second;
  } else {
    index = static_cast<uint32_t>(files_.size());
    files_.push_back(normal);
    fileByName_.emplace(std::move(normal), index);
  }
  fileByPointer_.emplace(path, index);
  return index;
}

std::vector<ModuleLineTable::Row> ModuleLineTable::readRows(
    Dwarf_Die* unit, std::vector<std::pair<uint32_t, LineStart>>& statementStarts) {
  std::vector<Row> raw;
  // [from, to] of each sequence in `raw`, the end row included. libdw gives
  // a unit's rows ordered by address, so its sequences come out whole.
  std::vector<std::pair<size_t, size_t>> sequences;
  Dwarf_Lines* lines = nullptr;
  size_t count = 0;
  if (dwarf_getsrclines(unit, &lines, &count) != 0) return {};
  raw.reserve(count);
  const char* lastPath = nullptr;
  uint32_t lastIndex = 0;
  size_t sequenceStart = 0;
  for (size_t i = 0; i < count; ++i) {
    Dwarf_Line* line = dwarf_onesrcline(lines, i);
    if (!line) continue;
    Row row;
    Dwarf_Addr address = 0;
    bool flag = false;
    dwarf_lineaddr(line, &address);
    row.address = address + bias_;
    dwarf_lineno(line, &row.line);
    dwarf_linecol(line, &row.column);
    if (dwarf_linebeginstatement(line, &flag) == 0) row.isStatement = flag;
    if (dwarf_lineendsequence(line, &flag) == 0) row.endSequence = flag;
    if (dwarf_lineprologueend(line, &flag) == 0) row.prologueEnd = flag;
    if (!inCode(row.address, row.endSequence)) continue;
    const char* path = dwarf_linesrc(line, nullptr, nullptr);
    if (!path) path = "??";
    if (path != lastPath) {
      lastIndex = fileIndex(path);
      lastPath = path;
    }
    row.file = lastIndex;
    raw.push_back(row);
    if (row.endSequence) {
      if (raw.size() - 1 > sequenceStart) sequences.emplace_back(sequenceStart, raw.size() - 1);
      sequenceStart = raw.size();
    }
  }
  // Sequences by their first address; sequences that overlap others are
  // merged row by row: by address, an end marker before a row at the same
  // address, otherwise in table order.
  std::stable_sort(sequences.begin(), sequences.end(),
                   [&](const auto& a, const auto& b) { return raw[a.first].address < raw[b.first].address; });
  std::vector<Row> ordered;
  ordered.reserve(raw.size());
  for (size_t i = 0; i < sequences.size();) {
    size_t last = i;
    uint64_t reach = raw[sequences[i].second].address;
    while (last + 1 < sequences.size() && raw[sequences[last + 1].first].address < reach) {
      ++last;
      reach = std::max(reach, raw[sequences[last].second].address);
    }
    const size_t clusterStart = ordered.size();
    for (size_t k = i; k <= last; ++k) {
      ordered.insert(ordered.end(), raw.begin() + sequences[k].first, raw.begin() + sequences[k].second + 1);
    }
    if (last > i) {
      std::stable_sort(ordered.begin() + clusterStart, ordered.end(), [](const Row& a, const Row& b) {
        if (a.address != b.address) return a.address < b.address;
        return a.endSequence && !b.endSequence;
      });
    }
    i = last + 1;
  }
  const Row* previousLine = nullptr;
  for (const Row& row : ordered) {
    if (row.endSequence) {
      previousLine = nullptr;
      continue;
    }
    const bool startsLine = !previousLine || previousLine->line != row.line || previousLine->file != row.file;
    if (row.isStatement && row.line > 0 && startsLine)
      statementStarts.push_back({row.file, LineStart{row.line, row.address}});
    if (row.line > 0) previousLine = &row;
  }
  std::vector<Row> rows;
  rows.reserve(ordered.size());
  for (const Row& row : ordered) {
    if (!rows.empty()) {
      Row& previous = rows.back();
      // Several rows at one address: the last statement row there describes
      // the code (optimized code puts several lines at one address, the
      // last ones often not statements).
      if (previous.address == row.address && !previous.endSequence && !row.endSequence) {
        const bool prologueEnd = previous.prologueEnd || row.prologueEnd;
        if (row.isStatement || !previous.isStatement) previous = row;
        previous.prologueEnd = prologueEnd;
        continue;
      }
      if (previous.endSequence && row.endSequence) continue;
    } else if (row.endSequence) {
      continue;
    }
    rows.push_back(row);
  }
  // Line 0 marks code that belongs to no line: it continues the line before.
  for (size_t i = 1; i < rows.size(); ++i) {
    Row& row = rows[i];
    if (row.endSequence || row.line != 0 || rows[i - 1].endSequence) continue;
    row.line = rows[i - 1].line;
    row.file = rows[i - 1].file;
    row.column = rows[i - 1].column;
    row.isStatement = false;
  }
  return rows;
}

ModuleLineTable::Unit& ModuleLineTable::loadedUnit(uint32_t index) {
  Unit& unit = units_[index];
  if (!unit.loaded) {
    unit.rows = readRows(&unit.die, unit.statementStarts);
    unit.loaded = true;
  }
  return unit;
}

void ModuleLineTable::loadAll() {
  if (allLoaded_) return;
  for (uint32_t i = 0; i < units_.size(); ++i) loadedUnit(i);
  allLoaded_ = true;
  startsByFile_.assign(files_.size(), {});
  for (const Unit& unit : units_) {
    for (const auto& [file, start] : unit.statementStarts) {
      startsByFile_[file].push_back(start);
      openingLineByAddress_.emplace(start.address, start.line);  // the first one stays
    }
  }
  for (auto& starts : startsByFile_) {
    std::sort(starts.begin(), starts.end());
    starts.erase(
        std::unique(starts.begin(), starts.end(),
                    [](const LineStart& a, const LineStart& b) { return a.line == b.line && a.address == b.address; }),
        starts.end());
  }
}

const std::vector<std::string>& ModuleLineTable::files() {
  loadAll();
  return files_;
}

bool ModuleLineTable::sameRun(const std::vector<Row>& rows, size_t a, size_t b) {
  const Row& first = rows[a];
  const Row& second = rows[b];
  return !first.endSequence && !second.endSequence && first.line == second.line && first.file == second.file;
}

std::optional<uint32_t> ModuleLineTable::rowInUnit(const Unit& unit, uint64_t pc) const {
  const auto& rows = unit.rows;
  auto after = std::upper_bound(rows.begin(), rows.end(), pc,
                                [](uint64_t value, const Row& row) { return value < row.address; });
  if (after == rows.begin()) return std::nullopt;
  const auto index = static_cast<uint32_t>(after - rows.begin()) - 1;
  // An end row, or a last row that no end row closes, covers nothing.
  if (rows[index].endSequence || index + 1 == rows.size()) return std::nullopt;
  return index;
}

std::optional<int> ModuleLineTable::openingLineAt(uint64_t address) {
  loadAll();
  auto found = openingLineByAddress_.find(address);
  if (found == openingLineByAddress_.end()) return std::nullopt;
  return found->second;
}

std::optional<ModuleLineTable::RowRef> ModuleLineTable::rowAt(uint64_t pc) {
  auto after = std::upper_bound(spans_.begin(), spans_.end(), pc,
                                [](uint64_t value, const UnitSpan& span) { return value < span.start; });
  for (auto span = after; span != spans_.begin();) {
    --span;
    if (span->reach <= pc) break;
    if (pc >= span->end) continue;
    if (auto index = rowInUnit(loadedUnit(span->unit), pc)) return RowRef{span->unit, *index};
  }
  for (uint32_t unit : rangeless_) {
    if (auto index = rowInUnit(loadedUnit(unit), pc)) return RowRef{unit, *index};
  }
  return std::nullopt;
}

std::pair<uint64_t, uint64_t> ModuleLineTable::lineRun(RowRef ref) const {
  const auto& rows = units_[ref.unit].rows;
  size_t first = ref.index;
  while (first > 0 && sameRun(rows, first - 1, ref.index)) --first;
  size_t last = ref.index + 1;
  while (last < rows.size() && sameRun(rows, ref.index, last)) ++last;
  uint64_t end = last < rows.size() ? rows[last].address : rows[ref.index].address + 1;
  return {rows[first].address, end};
}

std::optional<std::pair<int, std::vector<uint64_t>>> ModuleLineTable::firstLineFrom(uint32_t file, int line) {
  loadAll();
  if (file >= startsByFile_.size()) return std::nullopt;
  const auto& starts = startsByFile_[file];
  auto it = std::lower_bound(starts.begin(), starts.end(), LineStart{line, 0});
  if (it == starts.end()) return std::nullopt;
  std::pair<int, std::vector<uint64_t>> found{it->line, {}};
  for (; it != starts.end() && it->line == found.first; ++it) found.second.push_back(it->address);
  return found;
}

std::vector<ModuleLineTable::Row> ModuleLineTable::statementsIn(uint32_t file, int firstLine, int lastLine) {
  loadAll();
  std::vector<Row> out;
  if (file >= startsByFile_.size()) return out;
  const auto& starts = startsByFile_[file];
  for (auto it = std::lower_bound(starts.begin(), starts.end(), LineStart{firstLine, 0});
       it != starts.end() && it->line <= lastLine; ++it) {
    // The run of rows that this start opens: its statements, column by column.
    auto ref = rowAt(it->address);
    if (!ref) continue;
    const auto& rows = units_[ref->unit].rows;
    for (size_t i = ref->index; i < rows.size(); ++i) {
      const Row& row = rows[i];
      if (row.endSequence || row.line != it->line || row.file != file) break;
      if (row.isStatement) out.push_back(row);
    }
  }
  return out;
}

std::optional<uint64_t> ModuleLineTable::afterPrologue(uint64_t entry, uint64_t end) {
  auto entryRow = rowAt(entry);
  if (!entryRow) return std::nullopt;
  const auto& rows = units_[entryRow->unit].rows;
  // The compiler's own word first: a prologue_end row of the function
  // (LLVM marks one; it may be the entry itself when there is no prologue).
  for (size_t i = entryRow->index; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.endSequence || row.address >= end) break;
    if (row.address >= entry && row.prologueEnd) return row.address;
  }
  // Optimized code (the unit describes variables with location lists, as
  // gdb tests) schedules the body into the prologue: the first other line
  // can be a branch that only some calls take, so only the entry is sure.
  if (unitIsOptimized(entryRow->unit)) return entry;
  const int entryLine = rows[entryRow->index].line;
  std::optional<uint64_t> differentLine;
  std::optional<uint64_t> secondRow;
  for (size_t i = entryRow->index; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.endSequence || row.address >= end) break;
    if (row.address <= entry) continue;
    if (!secondRow) secondRow = row.address;
    if (!differentLine && row.isStatement && row.line != entryLine) differentLine = row.address;
  }
  if (differentLine) return differentLine;
  if (secondRow) return secondRow;
  return entry;
}

bool ModuleLineTable::unitIsOptimized(uint32_t index) {
  Unit& unit = units_[index];
  if (!unit.optimized) unit.optimized = hasLocationList(&unit.die);
  return *unit.optimized;
}

}  // namespace rwd
