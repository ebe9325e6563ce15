// ValueWriter: assignment — the value of an expression converted to the
// type of a variable (integers, floats, bools, enums, pointers; a string
// literal into a char array; a struct from a struct of the same type) and
// stored where the variable lives: memory (bit-fields by read-modify-write)
// or, for frame 0, the register that holds it. Refusals name the problem
// ("cannot change 'x': it is optimized out"). The caller decides whether
// writing is allowed at all (a program stopped in its recorded past is not
// written to).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "symbols/ExpressionEvaluator.h"
#include "symbols/MemoryCache.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

class ValueWriter {
 public:
  // Sets register `dwarfRegister` (x86-64 DWARF numbering) of thread `tid`.
  using RegisterWriter = std::function<bool(pid_t tid, int dwarfRegister, uint64_t value)>;

  ValueWriter(ValueNavigator& navigator, MemoryCache& memory, RegisterWriter registers)
      : navigator_(navigator), memory_(memory), registers_(std::move(registers)) {}
  // Stores the value of `source` into `target` (named `targetText` in
  // messages) and returns the target as it is now.
  Value assign(const Value& target, const ExpressionNode& source, ExpressionEvaluator& evaluator,
               const std::string& targetText);

 private:
  std::vector<uint8_t> newBytes(const Value& target, const ExpressionNode& source, ExpressionEvaluator& evaluator,
                                const std::string& targetText);
  Value store(const Value& target, const std::vector<uint8_t>& bytes, const std::string& targetText);
  [[noreturn]] static void refuse(const std::string& targetText, const std::string& why);

  ValueNavigator& navigator_;
  MemoryCache& memory_;
  RegisterWriter registers_;
};

}  // namespace rwd
