// NameResolver: what a name means in a frame, C++ rules first —
// parameters and locals of the innermost scope, then members of `this`
// inside methods (the implicit `this->`), statics of the method's class,
// globals of the enclosing namespaces, globals and statics of every loaded
// module, enumerators, and functions by their ELF symbol; and what a type
// name means (DWARF types of any module, else the C base types). Globals of
// another module are read with that module's load bias.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "symbols/DwarfIndex.h"
#include "symbols/MemoryCache.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

class NameResolver {
 public:
  NameResolver(SymbolIndex& symbols, MemoryCache& memory, ValueNavigator& navigator, DwarfIndex& index,
               std::shared_ptr<const FrameContext> context)
      : symbols_(symbols), memory_(memory), navigator_(navigator), index_(index), context_(std::move(context)) {}

  std::optional<Value> value(const std::string& name);
  std::optional<TypeRef> type(const std::string& name);
  // The value of a static data member from its declaration inside a class.
  std::optional<Value> staticMember(Dwarf_Die* declaration);
  // "geo::Rect::" for a frame in geo::Rect::area (empty at file scope).
  std::string functionPrefix() const;

 private:
  std::optional<Value> memberOfThis(const std::string& name);
  // A static data member `name` of the class or of one of its bases.
  std::optional<Value> staticMemberOf(const TypeRef& classType, const std::string& name, int depth);
  std::optional<Value> global(const std::string& name);
  std::optional<Value> enumerator(const std::string& name);
  // An ELF symbol: a function's address; a variable without debug information is an error that says how to read it.
  std::optional<Value> symbol(const std::string& name);
  // `find` with the names the frame's namespaces make of `name`, innermost first.
  std::optional<IndexedDie> scoped(const std::string& name,
                                   const std::function<std::optional<IndexedDie>(const std::string&)>& find) const;
  std::shared_ptr<const FrameContext> contextOf(Dwfl_Module* module);

  SymbolIndex& symbols_;
  MemoryCache& memory_;
  ValueNavigator& navigator_;
  DwarfIndex& index_;
  std::shared_ptr<const FrameContext> context_;
  std::unordered_map<Dwfl_Module*, std::shared_ptr<const FrameContext>> moduleContexts_;
};

}  // namespace rwd
