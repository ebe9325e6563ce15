// DieTree: the parents that libdw does not keep — for every DIE outside
// function bodies, the namespace, class or enum that encloses it — built
// once per compile unit on first use, so that C++ and Rust names can be
// qualified ("geo::Rect", "core::option::Option<i32>") without a walk of
// the unit per question. The tables are keyed by the unit's place in
// memory: clear() must run whenever the loaded modules change.
#pragma once

#include <elfutils/libdw.h>

#include <optional>
#include <string>

namespace rwd {

class DieTree {
 public:
  // The DIE that directly encloses `die` (a namespace, class, struct,
  // union, enumeration or the unit itself); nullopt for a unit, and for
  // DIEs inside function bodies.
  static std::optional<Dwarf_Die> parent(Dwarf_Die* die);
  // "ns::Outer::" for a DIE declared in namespace ns, class Outer; empty at
  // file scope and for C. Definitions made outside their class
  // (DW_AT_specification) take the prefix of their declaration.
  static std::string scopePrefix(Dwarf_Die* die);
  // The DIE's own name with its scope prefix ("geo::Shape::created").
  static std::string qualifiedName(Dwarf_Die* die);
  // Whether the unit of `die` is C or C++ / Rust (which qualify names).
  static bool qualifiesNames(Dwarf_Die* die);
  static bool isRust(Dwarf_Die* die);
  // Forgets every table (the modules changed or the session ended).
  static void clear();
};

}  // namespace rwd
