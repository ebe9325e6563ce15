// SymbolIndex: modules of the debuggee through libdwfl (reported from
// /proc/PID/maps, or from the notes of a core dump), ELF symbols, and line
// lookups through per-module ModuleLineTables that are built the first time
// a module is asked about.
#include "symbols/SymbolIndex.h"

#include <elfutils/libdw.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <unordered_map>

#include "symbols/Demangler.h"
#include "symbols/LineBlocks.h"
#include "symbols/ModuleLineTable.h"
#include "symbols/ModuleSymbols.h"
#include "symbols/SourcePathMatcher.h"

namespace rwd {

namespace {

char* gDebuginfoPath = nullptr;
// libdwfl keeps a pointer to the callbacks for the life of the Dwfl.
const Dwfl_Callbacks kProcessCallbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = &gDebuginfoPath,
};
// A core dump names its files by build id and path (NT_FILE).
const Dwfl_Callbacks kCoreCallbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = &gDebuginfoPath,
};

std::string displayName(const std::string& path) {
  if (!path.empty() && path.front() == '[') {
    size_t colon = path.find(':');
    return colon == std::string::npos ? path : path.substr(0, colon) + "]";
  }
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string demangle(const char* symbol) {
  // "__libc_start_main@@GLIBC_2.34": the version is not part of the name.
  std::string name = symbol;
  size_t version = name.find('@');
  if (version != std::string::npos && version > 0) name.resize(version);
  return Demangler::demangle(name);
}

std::string executablePath(pid_t pid) {
  char buffer[4096];
  std::string link = "/proc/" + std::to_string(pid) + "/exe";
  ssize_t length = ::readlink(link.c_str(), buffer, sizeof buffer - 1);
  if (length <= 0) return {};
  return std::string(buffer, static_cast<size_t>(length));
}

}  // namespace

struct SymbolIndex::State {
  explicit State(TargetAccess& access) : target(access) {}

  struct Entry {
    ModuleInfo info;
    Dwfl_Module* module = nullptr;
    std::unique_ptr<ModuleLineTable> lines;  // built on first use
    std::unique_ptr<ModuleSymbols> symbols;  // built on first use
  };
  // Files of the loaded modules that match a requested source path.
  struct FileMatch {
    ModuleLineTable* table = nullptr;
    uint32_t file = 0;
  };

  TargetAccess& target;
  Dwfl* dwfl = nullptr;
  std::vector<ModuleInfo> modules;  // main program first, then by address
  std::vector<Entry> entries;       // sorted by base address
  std::unordered_map<std::string, std::string> realPaths;
  std::unordered_map<uint64_t, std::string> functionNames;          // by start
  std::unordered_map<std::string, std::vector<FileMatch>> matches;  // by requested path

  const Entry* entryAt(uint64_t pc) const {
    auto after = std::upper_bound(entries.begin(), entries.end(), pc,
                                  [](uint64_t value, const Entry& entry) { return value < entry.info.base; });
    if (after == entries.begin()) return nullptr;
    const Entry& entry = *(after - 1);
    return pc < entry.info.end ? &entry : nullptr;
  }

  ModuleLineTable* linesOf(const Entry& entry) {
    if (!entry.info.hasDebugInfo) return nullptr;
    auto& mutableEntry = const_cast<Entry&>(entry);
    if (!mutableEntry.lines) mutableEntry.lines = std::make_unique<ModuleLineTable>(entry.module);
    return mutableEntry.lines.get();
  }

  const ModuleSymbols& symbolsOf(const Entry& entry) {
    auto& mutableEntry = const_cast<Entry&>(entry);
    if (!mutableEntry.symbols) mutableEntry.symbols = std::make_unique<ModuleSymbols>(entry.module);
    return *mutableEntry.symbols;
  }

  // The ELF function symbol containing pc: [start, end) and its name.
  bool symbolAt(uint64_t pc, uint64_t& start, uint64_t& end, const std::string** name) {
    const Entry* entry = entryAt(pc);
    if (!entry) return false;
    const ModuleSymbols& table = symbolsOf(*entry);
    const ModuleSymbols::Function* function = table.functionAt(pc);
    if (!function) return false;
    start = function->start;
    end = function->end > function->start ? function->end : UINT64_MAX;
    if (name) *name = &table.nameOf(*function);
    return true;
  }

  const std::vector<FileMatch>& filesMatching(const std::string& sourcePath) {
    auto cached = matches.find(sourcePath);
    if (cached != matches.end()) return cached->second;
    SourcePathMatcher matcher(sourcePath);
    int best = 0;
    std::vector<FileMatch> found;
    for (const auto& entry : entries) {
      ModuleLineTable* table = linesOf(entry);
      if (!table) continue;
      const auto& files = table->files();
      for (uint32_t i = 0; i < files.size(); ++i) {
        int score = matcher.score(files[i], realPaths);
        if (score == 0 || score < best) continue;
        if (score > best) found.clear();
        best = score;
        found.push_back({table, i});
      }
    }
    return matches.emplace(sourcePath, std::move(found)).first->second;
  }
};

SymbolIndex::SymbolIndex(TargetAccess& target) : state_(std::make_unique<State>(target)) {
  state_->dwfl = dwfl_begin(target.coreElf() ? &kCoreCallbacks : &kProcessCallbacks);
}

SymbolIndex::~SymbolIndex() {
  if (state_->dwfl) dwfl_end(state_->dwfl);
}

Dwfl* SymbolIndex::dwfl() const { return state_->dwfl; }

const std::vector<ModuleInfo>& SymbolIndex::modules() const { return state_->modules; }

std::vector<ModuleInfo> SymbolIndex::refresh(std::vector<ModuleInfo>* removed) {
  State& state = *state_;
  std::vector<ModuleInfo> added;
  if (!state.dwfl) return added;
  dwfl_report_begin(state.dwfl);
  const std::string coreExecutable = state.target.coreExecutable();
  if (Elf* core = state.target.coreElf()) dwfl_core_file_report(state.dwfl, core, coreExecutable.c_str());
  else dwfl_linux_proc_report(state.dwfl, state.target.processId());
  dwfl_report_end(state.dwfl, nullptr, nullptr);

  std::vector<Dwfl_Module*> reported;
  dwfl_getmodules(
      state.dwfl,
      [](Dwfl_Module* module, void**, const char*, Dwarf_Addr, void* arg) -> int {
        static_cast<std::vector<Dwfl_Module*>*>(arg)->push_back(module);
        return DWARF_CB_OK;
      },
      &reported, 0);

  std::vector<State::Entry> next;
  for (Dwfl_Module* module : reported) {
    // Mapped files that are not ELF (ld.so.cache, locale archives) are
    // reported too; they are not modules of the program.
    Dwarf_Addr elfBias = 0;
    if (!dwfl_module_getelf(module, &elfBias)) continue;
    Dwarf_Addr start = 0, end = 0;
    const char* mainFile = nullptr;
    const char* name = dwfl_module_info(module, nullptr, &start, &end, nullptr, nullptr, &mainFile, nullptr);
    State::Entry entry;
    entry.module = module;
    entry.info.path = name ? name : "";
    // A core dump names modules briefly; the file found for each is the path.
    if (state.target.coreElf() && mainFile && *mainFile) entry.info.path = mainFile;
    entry.info.name = displayName(entry.info.path);
    entry.info.base = start;
    entry.info.end = end;
    auto old = std::find_if(state.entries.begin(), state.entries.end(), [&](const State::Entry& candidate) {
      return candidate.module == module && candidate.info.path == entry.info.path && candidate.info.base == start &&
             candidate.info.end == end;
    });
    if (old != state.entries.end()) {
      entry.info.hasDebugInfo = old->info.hasDebugInfo;
      entry.lines = std::move(old->lines);
      old->module = nullptr;  // taken over
    } else {
      Dwarf_Addr bias = 0;
      entry.info.hasDebugInfo = dwfl_module_getdwarf(module, &bias) != nullptr;
      added.push_back(entry.info);
    }
    next.push_back(std::move(entry));
  }
  if (removed) {
    removed->clear();
    for (const auto& entry : state.entries) {
      if (entry.module) removed->push_back(entry.info);
    }
  }
  std::sort(next.begin(), next.end(),
            [](const State::Entry& a, const State::Entry& b) { return a.info.base < b.info.base; });
  state.entries = std::move(next);
  state.functionNames.clear();
  state.matches.clear();

  const std::string program = state.target.coreElf() ? coreExecutable : executablePath(state.target.processId());
  state.modules.clear();
  for (const auto& entry : state.entries) {
    if (entry.info.path == program) state.modules.insert(state.modules.begin(), entry.info);
    else state.modules.push_back(entry.info);
  }
  auto programFirst = [&](const ModuleInfo& a, const ModuleInfo& b) {
    return (a.path == program) > (b.path == program);
  };
  std::stable_sort(added.begin(), added.end(), programFirst);
  return added;
}

std::optional<LineResolution> SymbolIndex::resolveLine(const std::string& sourcePath, int line) const {
  State& state = *state_;
  const auto& candidates = state.filesMatching(sourcePath);
  if (candidates.empty()) return std::nullopt;

  LineResolution resolution;
  resolution.line = line;
  resolution.file = candidates.front().table->fileName(candidates.front().file);
  int bestLine = 0;
  for (const auto& [table, file] : candidates) {
    auto found = table->firstLineFrom(file, line);
    if (!found) continue;
    if (bestLine == 0 || found->first < bestLine) {
      bestLine = found->first;
      resolution.addresses.clear();
      resolution.file = table->fileName(file);
    }
    if (found->first == bestLine) {
      resolution.addresses.insert(resolution.addresses.end(), found->second.begin(), found->second.end());
    }
  }
  if (bestLine == 0) return resolution;
  resolution.line = bestLine;
  // A line split into several runs in one block (a `for` header) is one
  // breakpoint location, where the line is first reached.
  resolution.addresses = LineBlocks::lowestPerBlock(state.dwfl, std::move(resolution.addresses));

  // A line that opens a function stops after its prologue, where the
  // arguments can be read (as gdb and lldb do). At -O2 other lines may
  // start at the entry too; they stay there.
  bool allMoved = true;
  for (uint64_t& address : resolution.addresses) {
    uint64_t start = 0, end = 0;
    const State::Entry* entry = state.entryAt(address);
    ModuleLineTable* table = entry ? state.linesOf(*entry) : nullptr;
    if (state.symbolAt(address, start, end, nullptr) && start == address && table &&
        table->openingLineAt(address) == bestLine) {
      if (auto body = addressAfterPrologue(address)) {
        address = *body;
        continue;
      }
    }
    allMoved = false;
  }
  std::sort(resolution.addresses.begin(), resolution.addresses.end());
  resolution.addresses.erase(std::unique(resolution.addresses.begin(), resolution.addresses.end()),
                             resolution.addresses.end());
  if (allMoved && !resolution.addresses.empty()) {
    if (auto location = locationAt(resolution.addresses.front())) resolution.line = location->line;
  }
  return resolution;
}

std::vector<StatementPosition> SymbolIndex::statementPositions(const std::string& sourcePath, int firstLine,
                                                               int lastLine) const {
  std::vector<StatementPosition> positions;
  for (const auto& [table, file] : state_->filesMatching(sourcePath)) {
    for (const auto& row : table->statementsIn(file, firstLine, lastLine)) {
      positions.push_back(StatementPosition{row.line, row.column, row.address});
    }
  }
  std::sort(positions.begin(), positions.end(), [](const StatementPosition& a, const StatementPosition& b) {
    return std::tie(a.line, a.column, a.address) < std::tie(b.line, b.column, b.address);
  });
  return positions;
}

std::optional<SourceLocation> SymbolIndex::locationAt(uint64_t pc) const {
  const State::Entry* entry = state_->entryAt(pc);
  if (!entry) return std::nullopt;
  ModuleLineTable* table = state_->linesOf(*entry);
  if (!table) return std::nullopt;
  auto index = table->rowAt(pc);
  if (!index) return std::nullopt;
  const auto& row = table->row(*index);
  if (row.line <= 0) return std::nullopt;
  return SourceLocation{table->fileName(row.file), row.line, row.column};
}

bool SymbolIndex::isStatementStart(uint64_t pc) const {
  const State::Entry* entry = state_->entryAt(pc);
  ModuleLineTable* table = entry ? state_->linesOf(*entry) : nullptr;
  if (!table) return false;
  auto index = table->rowAt(pc);
  return index && table->row(*index).address == pc && table->row(*index).isStatement;
}

std::optional<AddressRange> SymbolIndex::lineRangeAt(uint64_t pc) const {
  const State::Entry* entry = state_->entryAt(pc);
  ModuleLineTable* table = entry ? state_->linesOf(*entry) : nullptr;
  if (!table) return std::nullopt;
  auto index = table->rowAt(pc);
  if (!index || table->row(*index).line <= 0) return std::nullopt;
  auto [start, end] = table->lineRun(*index);
  // Keep the range inside the function (two functions on one line).
  uint64_t functionStart = 0, functionEnd = 0;
  if (state_->symbolAt(pc, functionStart, functionEnd, nullptr)) {
    start = std::max(start, functionStart);
    end = std::min(end, functionEnd);
  }
  return AddressRange{start, end};
}

std::optional<std::pair<std::string, uint64_t>> SymbolIndex::functionAt(uint64_t pc) const {
  uint64_t start = 0, end = 0;
  const std::string* name = nullptr;
  if (!state_->symbolAt(pc, start, end, &name)) return std::nullopt;
  auto cached = state_->functionNames.find(start);
  if (cached == state_->functionNames.end())
    cached = state_->functionNames.emplace(start, demangle(name->c_str())).first;
  return std::make_pair(cached->second, start);
}

std::optional<uint64_t> SymbolIndex::addressAfterPrologue(uint64_t entry) const {
  const State::Entry* found = state_->entryAt(entry);
  ModuleLineTable* table = found ? state_->linesOf(*found) : nullptr;
  if (!table) return std::nullopt;
  uint64_t start = 0, end = UINT64_MAX;
  if (!state_->symbolAt(entry, start, end, nullptr) || start != entry) end = UINT64_MAX;
  return table->afterPrologue(entry, end);
}

std::optional<uint64_t> SymbolIndex::symbolAddress(const std::string& name) const {
  // The program first, then the libraries by address (modules() order).
  for (const auto& module : state_->modules) {
    const State::Entry* entry = state_->entryAt(module.base);
    if (!entry) continue;
    if (auto address = state_->symbolsOf(*entry).addressOf(name)) return address;
  }
  return std::nullopt;
}

std::optional<std::pair<ModuleInfo, uint64_t>> SymbolIndex::moduleAt(uint64_t pc) const {
  const State::Entry* entry = state_->entryAt(pc);
  if (!entry) return std::nullopt;
  return std::make_pair(entry->info, pc - entry->info.base);
}

}  // namespace rwd
