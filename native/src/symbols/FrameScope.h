// FrameScope: the DWARF view of one frame — its compile unit and the
// scopes around its pc (dwarf_getscopes) — which variables are visible
// there (parameters, then locals of every block that holds the pc; the
// unit's globals), finding a name, and evaluating a variable's
// DW_AT_location (location lists, frame base, pieces) into a Value.
#pragma once

#include <elfutils/libdw.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "symbols/LocationEvaluator.h"
#include "symbols/MemoryCache.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"

namespace rwd {

struct NamedVariable {
  std::string name;  // as shown: "x", or "ns::x" for namespace members
  Dwarf_Die die;
};

class FrameScope {
 public:
  // `memory` is used to compute the CFA when the frame does not have it.
  // A frame with an inlineDepth sees the scopes of that inlined level.
  static std::shared_ptr<const FrameContext> contextFor(SymbolIndex& symbols, const Frame& frame, MemoryCache& memory);

  // The DWARF scopes that hold `pc` (a runtime address), innermost first,
  // the compile unit last; empty without DWARF there.
  static std::vector<Dwarf_Die> scopesAt(Dwfl* dwfl, uint64_t pc);

  // Parameters first (declaration order), then locals from the function
  // body inwards to the innermost block that holds the pc.
  static std::vector<NamedVariable> locals(const FrameContext& context);
  // Variables defined at file scope (and in namespaces) of the frame's unit.
  static std::vector<NamedVariable> globals(const FrameContext& context);
  // The variable `name` as the frame sees it: innermost block first, then
  // the unit's globals, then other units of the same module.
  static std::optional<Dwarf_Die> find(const FrameContext& context, const std::string& name);
  // Only the parameters and locals visible at the frame's pc, innermost
  // first (through a table of them built on the frame's first lookup).
  static std::optional<Dwarf_Die> findLocal(const FrameContext& context, const std::string& name);

  static Value valueOf(const std::shared_ptr<const FrameContext>& context, Dwarf_Die* variable, SymbolIndex& symbols,
                       MemoryCache& memory);
  // Registers, CFA, frame base and memory for expressions of this frame.
  static ExpressionContext expressionContext(const FrameContext& context, MemoryCache& memory);
  // Evaluates an expression-valued attribute (a VLA bound) of this frame,
  // or reads the variable it refers to.
  static std::optional<uint64_t> evaluateBound(const std::shared_ptr<const FrameContext>& context,
                                               Dwarf_Attribute* attribute, SymbolIndex& symbols, MemoryCache& memory);

 private:
  static void collectGlobals(Dwarf_Die* parent, const std::string& prefix, std::vector<NamedVariable>& out);
  static Value constantValue(const std::shared_ptr<const FrameContext>& context, const TypeRef& type,
                             Dwarf_Attribute* attribute);
  static Value fromLocation(const std::shared_ptr<const FrameContext>& context, const TypeRef& type,
                            const Location& location, MemoryCache& memory);
};

}  // namespace rwd
