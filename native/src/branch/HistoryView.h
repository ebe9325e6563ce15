// HistoryView: the read-only face of a recorded instruction history that the
// branch providers need — how many instructions there are, and for each the
// address it started at and the thread that ran it. The recorder's History
// implements it (or an adapter over it does); tests implement it over
// vectors. Index i is the i-th instruction executed since recording began.
#pragma once

#include <cstdint>

namespace rwd {

class HistoryView {
 public:
  virtual ~HistoryView() = default;
  // One past the last recorded index; grows while recording goes on.
  virtual uint64_t size() const = 0;
  // The oldest index still kept (a history with a limit forgets its start).
  virtual uint64_t firstIndex() const { return 0; }
  // Address of the instruction at `index`, firstIndex() <= index < size().
  virtual uint64_t pcAt(uint64_t index) const = 0;
  // Thread that executed the instruction at `index`.
  virtual int32_t tidAt(uint64_t index) const = 0;
};

}  // namespace rwd
