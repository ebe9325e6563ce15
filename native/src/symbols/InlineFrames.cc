// InlineFrames: inlined levels of a machine frame from its DWARF scopes.
#include "symbols/InlineFrames.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <algorithm>
#include <filesystem>

#include "symbols/DwarfFunctions.h"
#include "symbols/FrameScope.h"

namespace rwd {

namespace {

std::optional<SourceLocation> callSiteOf(Dwarf_Die* inlined, Dwarf_Die* unit) {
  Dwarf_Attribute attribute;
  Dwarf_Word fileIndex = 0, line = 0, column = 0;
  if (!dwarf_attr(inlined, DW_AT_call_file, &attribute) || dwarf_formudata(&attribute, &fileIndex) != 0)
    return std::nullopt;
  if (!dwarf_attr(inlined, DW_AT_call_line, &attribute) || dwarf_formudata(&attribute, &line) != 0) return std::nullopt;
  if (dwarf_attr(inlined, DW_AT_call_column, &attribute)) dwarf_formudata(&attribute, &column);
  Dwarf_Files* files = nullptr;
  size_t count = 0;
  if (dwarf_getsrcfiles(unit, &files, &count) != 0 || fileIndex >= count) return std::nullopt;
  const char* path = dwarf_filesrc(files, fileIndex, nullptr, nullptr);
  if (!path) return std::nullopt;
  return SourceLocation{std::filesystem::path(path).lexically_normal().string(), static_cast<int>(line),
                        static_cast<int>(column)};
}

}  // namespace

std::vector<InlineFrames::Level> InlineFrames::levelsAt(Dwfl* dwfl, uint64_t lookupPc) {
  std::vector<Level> levels;
  std::vector<Dwarf_Die> scopes = FrameScope::scopesAt(dwfl, lookupPc);
  if (scopes.empty()) return levels;
  Dwarf_Die unit = scopes.back();
  for (auto& scope : scopes) {
    if (dwarf_tag(&scope) != DW_TAG_inlined_subroutine) continue;
    levels.push_back({DwarfFunctions::nameOf(&scope), callSiteOf(&scope, &unit)});
  }
  return levels;
}

std::vector<uint64_t> InlineFrames::chainAt(Dwfl* dwfl, uint64_t pc) {
  std::vector<uint64_t> chain;
  for (auto& scope : FrameScope::scopesAt(dwfl, pc)) {
    if (dwarf_tag(&scope) == DW_TAG_inlined_subroutine) chain.push_back(dwarf_dieoffset(&scope));
  }
  return chain;
}

bool InlineFrames::isInlinedInto(const std::vector<uint64_t>& inner, const std::vector<uint64_t>& outer) {
  return inner.size() > outer.size() &&
         std::equal(outer.begin(), outer.end(), inner.end() - static_cast<ptrdiff_t>(outer.size()));
}

std::vector<Frame> InlineFrames::frames(Unwinder& unwinder, Dwfl* dwfl, pid_t tid, int start, int max,
                                        bool* reachedEnd) {
  // Each machine frame gives one user frame at least: `start + max` of them
  // always cover the page.
  bool machineEnd = false;
  std::vector<Frame> machine = unwinder.frames(tid, 0, start + max, &machineEnd);
  std::vector<Frame> out;
  int index = 0;
  size_t used = 0;
  for (const Frame& frame : machine) {
    ++used;
    const int depth = dwfl ? static_cast<int>(chainAt(dwfl, frame.lookupPc).size()) : 0;
    for (int level = 0; level <= depth; ++level, ++index) {
      if (index < start || index >= start + max) continue;
      Frame user = frame;
      user.inlineDepth = level;
      user.userIndex = index;
      out.push_back(user);
    }
    if (index >= start + max) break;
  }
  if (reachedEnd) *reachedEnd = machineEnd && used == machine.size() && index <= start + max;
  return out;
}

std::pair<std::string, std::optional<SourceLocation>> InlineFrames::describe(SymbolIndex& symbols, const Frame& frame,
                                                                             const std::string& outerName) {
  std::vector<Level> levels = levelsAt(symbols.dwfl(), frame.lookupPc);
  const auto depth = static_cast<size_t>(frame.inlineDepth);
  std::string name = depth < levels.size() && !levels[depth].function.empty() ? levels[depth].function : outerName;
  std::optional<SourceLocation> location;
  if (depth == 0 || depth > levels.size()) location = symbols.locationAt(frame.lookupPc);
  else location = levels[depth - 1].callSite;
  return {name, location};
}

}  // namespace rwd
