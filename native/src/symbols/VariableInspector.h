// VariableInspector: locals, arguments and globals of a frame read through
// DWARF (libdw DIEs, location expressions evaluated against the frame's
// registers and memory) and formatted as strings with expandable children.
// Children are addressed by references that live until the program resumes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "symbols/SymbolIndex.h"
#include "symbols/TargetAccess.h"
#include "symbols/Unwinder.h"

namespace rwd {

struct VariableView {
  std::string name;
  std::string value;
  std::string type;
  int64_t reference = 0;  // 0: no children
  int64_t indexedCount = 0;  // array elements
  int64_t namedCount = 0;  // struct/union members
  std::optional<uint64_t> memoryAddress;
  uint64_t byteSize = 0;  // size of the value in memory (0 when unknown)
};

struct ScopeView {
  std::string name;
  int64_t reference = 0;
  bool expensive = false;
  int64_t count = 0;
};

class VariableInspector {
 public:
  VariableInspector(SymbolIndex& symbols, TargetAccess& target);
  ~VariableInspector();
  // Forgets every reference (called when the program resumes).
  void invalidate();
  std::vector<ScopeView> scopes(const Frame& frame);
  // Children of a reference; throws RequestError(NoSuchReference) if unknown.
  std::vector<VariableView> children(int64_t reference, int64_t start, int64_t count);
  // Evaluates names with . -> [n] * ; throws RequestError(BadRequest) with
  // a message such as "no symbol 'foo' in this frame".
  VariableView evaluate(const Frame& frame, const std::string& expression);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwd
