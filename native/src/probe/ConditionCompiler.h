// ConditionCompiler: turns a breakpoint condition, already parsed by
// ExpressionParser, into BPF code for a probe at one pc — locals and
// parameters through their DWARF locations (RegisterRelativeLocation),
// globals and enumerators through the debugger's own name lookup, members,
// array elements, pointer reads (bpf_probe_read_user), integer and pointer
// arithmetic, comparisons, `&&` `||` `!`, `?:`, casts to integer, enum and
// pointer types, sizeof, and `==`/`!=` of a char pointer or array with a
// string literal (byte by byte, up to 64 bytes). Values live in 8-byte
// slots on the BPF stack. What it cannot compile (function calls, floating
// point, registers by name, assignment, `this` members, ...) is a
// ConditionNotCompiled whose text says why, for the breakpoint's message.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "probe/ProbeEngine.h"
#include "symbols/ExpressionParser.h"
#include "symbols/Value.h"
#include "symbols/VariableInspector.h"

namespace rwd {

struct ConditionNotCompiled : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using ConditionScope = PcScope;

// A logpoint's value as its probe program leaves it: in the 8-byte slot at
// r10 + `slot`, the value (a number or a pointer, extended to 64 bits) or,
// for a char array (`isAddress`), where it starts.
struct CompiledValue {
  TypeRef type;
  bool isAddress = false;
  int16_t slot = 0;
};
using ValueEmitter = std::function<CompiledValue(BpfAssembler&, BpfAssembler::Label fault)>;

class ConditionCompiler {
 public:
  static constexpr int kMaxSlots = 24;
  static constexpr size_t kMaxStringBytes = 64;

  // Parses and compiles `condition` once (throws ConditionNotCompiled or
  // the parser's DebugError); the emitter writes the same code into a
  // probe program.
  static PredicateEmitter compile(const std::string& condition, const ConditionScope& scope);
  // The same for a logpoint's `{expression}`: a number, an enum, a bool, a
  // char, a pointer, or a char array (never floating point, structures or
  // other arrays, which the debugger formats). `shape` receives what the
  // code will leave.
  static ValueEmitter compileValue(const std::string& expression, const ConditionScope& scope, CompiledValue& shape);
};

}  // namespace rwd
