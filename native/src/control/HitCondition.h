// HitCondition: a breakpoint's hit condition — "== 10", ">= 5", "> 2",
// "% 3" (every third hit), or a plain "10" (the same as "== 10") — counted
// in the helper so a skipped hit never costs a round trip.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

class HitCondition {
 public:
  HitCondition() = default;
  // Throws DebugError(BadArgument) with an example when `text` is not one
  // of the forms above. Empty text means "always".
  static HitCondition parse(const std::string& text);
  // Counts one hit and says whether this hit should stop.
  bool countHit();
  // Whether the hit numbered `hit` stops (a hit found in the recorded past).
  bool holdsAt(int64_t hit) const;
  int64_t hits() const { return hits_; }
  // Hits counted elsewhere (in the kernel, before the debugger took the
  // breakpoint back): the count goes on from them.
  void addHits(int64_t count) { hits_ += count; }
  bool isSet() const { return op_ != Op::Always; }

  // The form and its number, for judging the hits elsewhere (in the kernel).
  enum class Op { Always, Equal, AtLeast, Greater, Multiple };
  Op op() const { return op_; }
  int64_t operand() const { return operand_; }

 private:
  Op op_ = Op::Always;
  int64_t operand_ = 0;
  int64_t hits_ = 0;
};

}  // namespace rwd
