// ScopeDeclarations: where the variables visible in a frame were declared,
// read from DWARF (DW_AT_decl_line of each parameter and local the frame's
// pc sees, and of the function itself), for an editor that places their
// values next to the source lines around the stop (LSP inline values).
// Values are not read here; the editor asks for them by name.
#pragma once

#include <string>
#include <vector>

#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"
#include "symbols/Unwinder.h"

namespace rwd {

struct DeclaredVariable {
  std::string name;
  bool parameter = false;
  int declLine = 0;  // 0: the DWARF does not say
};

struct FrameDeclarations {
  std::string function;  // the DWARF name of the innermost function scope ("" without DWARF)
  std::string file;  // the function's declaration file, absolute where the unit names its directory ("" when unknown)
  int functionLine = 0;                     // the function's declaration line (0 when unknown)
  std::vector<DeclaredVariable> variables;  // parameters, then locals, outer blocks first
};

class ScopeDeclarations {
 public:
  static FrameDeclarations of(SymbolIndex& symbols, TargetAccess& target, const Frame& frame);
};

}  // namespace rwd
