// ValueReferenceTable: handles for scopes and expandable values.
#include "symbols/ValueReferenceTable.h"

namespace rwd {

int64_t ValueReferenceTable::add(ValueReference reference) {
  // DAP references are positive 32-bit numbers; wrap long before that.
  if (next_ >= (int64_t{1} << 31) - 1) next_ = 1;
  const int64_t handle = next_++;
  references_[handle] = std::move(reference);
  return handle;
}

const ValueReference* ValueReferenceTable::find(int64_t handle) const {
  auto found = references_.find(handle);
  return found == references_.end() ? nullptr : &found->second;
}

}  // namespace rwd
