// ValueReferenceTable: the integer handles the variables view uses to ask
// for children — a scope of a frame (locals, globals, registers) or a
// value with children. Handles only grow, so a handle from before a resume
// is never mistaken for a new one; clear() forgets them all.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "symbols/Value.h"

namespace rwd {

struct ValueReference {
  enum class Kind { Locals, Globals, Registers, Children };
  Kind kind = Kind::Children;
  std::shared_ptr<const FrameContext> frame;
  Value value;        // Children: the parent value
  std::string name;   // Children: the parent's name (for "*p")
  std::string basis;  // Children: the expression the children's evaluateNames derive from
};

class ValueReferenceTable {
 public:
  int64_t add(ValueReference reference);
  // nullptr when the handle is unknown or was cleared.
  const ValueReference* find(int64_t handle) const;
  void clear() { references_.clear(); }

 private:
  std::unordered_map<int64_t, ValueReference> references_;
  int64_t next_ = 1;
};

}  // namespace rwd
