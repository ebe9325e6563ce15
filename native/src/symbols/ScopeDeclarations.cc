// ScopeDeclarations: the declaration lines of a frame's visible variables.
#include "symbols/ScopeDeclarations.h"

#include <dwarf.h>

#include "symbols/FrameScope.h"
#include "symbols/MemoryCache.h"

namespace rwd {

namespace {

int declarationLine(Dwarf_Die* die) {
  int line = 0;
  return dwarf_decl_line(die, &line) == 0 ? line : 0;
}

}  // namespace

FrameDeclarations ScopeDeclarations::of(SymbolIndex& symbols, TargetAccess& target, const Frame& frame) {
  MemoryCache memory(target);
  auto context = FrameScope::contextFor(symbols, frame, memory);
  FrameDeclarations out;
  if (context->functionScope < 0) return out;
  Dwarf_Die function = context->scopes[context->functionScope];
  if (const char* name = dwarf_diename(&function)) out.function = name;
  if (const char* file = dwarf_decl_file(&function)) out.file = file;
  if (!out.file.empty() && out.file.front() != '/' && context->hasUnit) {
    // A name relative to the unit's compilation directory (rustc writes them so).
    Dwarf_Die unit = context->unit;
    Dwarf_Attribute attribute;
    const char* directory = dwarf_formstring(dwarf_attr(&unit, DW_AT_comp_dir, &attribute));
    if (directory) out.file = std::string(directory) + "/" + out.file;
  }
  out.functionLine = declarationLine(&function);
  for (NamedVariable& variable : FrameScope::locals(*context)) {
    out.variables.push_back(
        {variable.name, dwarf_tag(&variable.die) == DW_TAG_formal_parameter, declarationLine(&variable.die)});
  }
  return out;
}

}  // namespace rwd
