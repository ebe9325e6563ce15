// VariableInspector: locals, arguments and globals of a frame read through
// DWARF (libdw DIEs, location expressions evaluated against the frame's
// registers and memory) and formatted as strings with expandable children
// (library types through their type formatters, paged), expressions
// evaluated in a frame, and assignment to variables and expressions.
// Children are addressed by references that live until the program resumes.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "symbols/FormatOptions.h"
#include "symbols/MachineCall.h"
#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"
#include "symbols/Unwinder.h"
#include "symbols/ValuePresenter.h"

namespace rwd {

struct VariableView {
  std::string name;
  std::string value;
  std::string type;
  int64_t reference = 0;     // 0: no children
  int64_t indexedCount = 0;  // array elements
  int64_t namedCount = 0;    // struct/union members
  std::optional<uint64_t> memoryAddress;
  std::optional<uint64_t> pointerTarget;  // pointers: the address they hold (when not null)
  uint64_t byteSize = 0;                  // size of the value in memory (0 when unknown)
  std::string evaluateName;               // the expression that names this value (empty: none)
};

struct ScopeView {
  std::string name;
  int64_t reference = 0;
  bool expensive = false;
  int64_t count = 0;
};

// Which children of a reference: a page (`count` 0: to the end) of the
// named ones, the indexed ones, or both (named first).
struct ChildQuery {
  int64_t start = 0;
  int64_t count = 0;
  ChildFilter filter = ChildFilter::All;
  FormatOptions format;
};

// What names and type names mean at one pc without a stopped thread
// (conditions compiled for the kernel): the frame context made for the pc,
// a non-local name's value (globals in memory, enumerators as bytes), and
// types by name.
struct PcScope {
  std::shared_ptr<const FrameContext> context;
  std::function<std::optional<Value>(const std::string&)> nonLocal;
  std::function<std::optional<TypeRef>(const std::string&)> findType;
};

class VariableInspector {
 public:
  // Sets a general register (x86-64 DWARF number) of a stopped thread.
  using RegisterWriter = std::function<bool(pid_t tid, int dwarfRegister, uint64_t value)>;

  VariableInspector(SymbolIndex& symbols, TargetAccess& target);
  ~VariableInspector();
  // Forgets every reference (called when the program resumes).
  void invalidate();
  std::vector<ScopeView> scopes(const Frame& frame);
  // Children of a reference; throws DebugError(NoSuchReference) if unknown.
  std::vector<VariableView> children(int64_t reference, int64_t start, int64_t count);
  std::vector<VariableView> children(int64_t reference, const ChildQuery& query);
  // Evaluates an expression (see ExpressionParser); throws
  // DebugError(BadExpression) with a message such as "no symbol 'foo' in
  // this frame".
  VariableView evaluate(const Frame& frame, const std::string& expression);
  PcScope scopeAt(uint64_t pc);
  // A value captured while the program ran (a logpoint's probe record) as
  // `evaluate` would show it, formatted from its bytes and from `memory`
  // alone (a char pointer's text), never from the running program. Only
  // the text, type and pointer target are filled (no children).
  VariableView capturedView(const std::string& expression, const Value& value,
                            std::vector<std::pair<uint64_t, std::vector<uint8_t>>> memory);
  // `calls` runs calls of the program's functions (`f(1, 2)`); null, or one
  // without `run`, refuses them (with its `refusal`). `changesNothing` (when
  // given) is set, once the expression parsed, to whether it only reads the
  // program (ExpressionParser::changesNothing).
  VariableView evaluate(const Frame& frame, const std::string& expression, const FormatOptions& format,
                        const CallPolicy* calls = nullptr, bool* changesNothing = nullptr);
  // Whether a breakpoint condition holds in the frame: its value judged as
  // a number (ExpressionEvaluator::isTrue), never by the text it shows as.
  // Throws DebugError(BadExpression) as evaluate does.
  bool conditionHolds(const Frame& frame, const std::string& condition);
  // Stores the value of the expression `value` into the child `name` of
  // `reference` (a local, a global, a member, an element, a general
  // register) and returns it as it is now. Throws NoSuchReference, or
  // BadArgument naming the problem. Whether the program may be written at
  // all is the caller's decision.
  VariableView setVariable(int64_t reference, const std::string& name, const std::string& value,
                           const FormatOptions& format, const RegisterWriter& registers);
  // The same for an assignable expression (`p->x`, `arr[2]`, `*ptr`, `$rax`).
  VariableView setExpression(const Frame& frame, const std::string& expression, const std::string& value,
                             const FormatOptions& format, const RegisterWriter& registers);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwd
