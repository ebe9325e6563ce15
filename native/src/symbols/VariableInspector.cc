// VariableInspector: scopes, variables and evaluate for the protocol,
// assembled from FrameScope (which variables, where), ValueNavigator
// (children), ValueFormatter (texts), the expression parser/evaluator and
// the reference table. Memory is read through a page cache that lives for
// one request, so a page of 1,000 array elements costs a handful of reads.
#include "symbols/VariableInspector.h"

#include <algorithm>

#include "protocol/RequestError.h"
#include "symbols/DwarfType.h"
#include "symbols/ExpressionEvaluator.h"
#include "symbols/ExpressionParser.h"
#include "symbols/FrameScope.h"
#include "symbols/MemoryCache.h"
#include "symbols/ValueFormatter.h"
#include "symbols/ValueNavigator.h"
#include "symbols/ValueReferenceTable.h"

namespace rwd {

namespace {

// Conventional order of the x86-64 general registers, with DWARF numbers.
struct RegisterName {
  const char* name;
  int dwarfNumber;
};
constexpr RegisterName kRegisters[] = {{"rax", 0}, {"rbx", 3},  {"rcx", 2},  {"rdx", 1},  {"rsi", 4},  {"rdi", 5},
                                       {"rbp", 6}, {"rsp", 7},  {"r8", 8},   {"r9", 9},   {"r10", 10}, {"r11", 11},
                                       {"r12", 12}, {"r13", 13}, {"r14", 14}, {"r15", 15}, {"rip", 16}};

template <typename T>
std::vector<T> page(const std::vector<T>& all, int64_t start, int64_t count) {
  const int64_t total = static_cast<int64_t>(all.size());
  const int64_t from = std::clamp<int64_t>(start, 0, total);
  const int64_t to = count <= 0 ? total : std::min(total, from + count);
  return std::vector<T>(all.begin() + from, all.begin() + to);
}

}  // namespace

struct VariableInspector::State {
  State(SymbolIndex& index, TargetAccess& target)
      : symbols(index), memory(target), navigator(index, memory), formatter(navigator, index) {}

  SymbolIndex& symbols;
  MemoryCache memory;
  ValueNavigator navigator;
  ValueFormatter formatter;
  ValueReferenceTable references;

  VariableView view(const std::string& name, const Value& value) {
    VariableView out;
    out.name = name;
    out.value = formatter.format(value);
    out.type = DwarfType::name(value.type);
    if (value.kind == Value::Kind::Memory && !value.bitSize) out.memoryAddress = value.address;
    out.indexedCount = navigator.indexedChildCount(value);
    out.namedCount = navigator.namedChildCount(value);
    if (out.indexedCount || out.namedCount) {
      ValueReference reference;
      reference.kind = ValueReference::Kind::Children;
      reference.frame = value.frame;
      reference.value = value;
      reference.name = name;
      out.reference = references.add(std::move(reference));
    }
    return out;
  }

  std::vector<VariableView> variables(const std::shared_ptr<const FrameContext>& frame,
                                      const std::vector<NamedVariable>& list) {
    std::vector<VariableView> out;
    out.reserve(list.size());
    for (const auto& variable : list) {
      Dwarf_Die die = variable.die;
      out.push_back(view(variable.name, FrameScope::valueOf(frame, &die, symbols, memory)));
    }
    return out;
  }

  std::vector<VariableView> registers(const FrameContext& frame) {
    std::vector<VariableView> out;
    for (const auto& known : kRegisters) {
      if (!frame.frame.registers.known[known.dwarfNumber]) continue;
      VariableView view;
      view.name = known.name;
      view.value = ValueFormatter::hex(frame.frame.registers.value[known.dwarfNumber]);
      view.type = "uint64_t";
      out.push_back(view);
    }
    return out;
  }
};

VariableInspector::VariableInspector(SymbolIndex& symbols, TargetAccess& target)
    : state_(std::make_unique<State>(symbols, target)) {}

VariableInspector::~VariableInspector() = default;

void VariableInspector::invalidate() {
  state_->references.clear();
  state_->memory.clear();
}

std::vector<ScopeView> VariableInspector::scopes(const Frame& frame) {
  State& state = *state_;
  state.memory.clear();
  auto context = FrameScope::contextFor(state.symbols, frame, state.memory);
  std::vector<ScopeView> out;
  auto add = [&](const char* name, ValueReference::Kind kind, bool expensive, int64_t count) {
    ValueReference reference;
    reference.kind = kind;
    reference.frame = context;
    out.push_back({name, state.references.add(std::move(reference)), expensive, count});
  };
  add("Locals", ValueReference::Kind::Locals, false, static_cast<int64_t>(FrameScope::locals(*context).size()));
  if (context->hasUnit) {
    add("Globals", ValueReference::Kind::Globals, true, static_cast<int64_t>(FrameScope::globals(*context).size()));
  }
  add("Registers", ValueReference::Kind::Registers, true, static_cast<int64_t>(state.registers(*context).size()));
  return out;
}

std::vector<VariableView> VariableInspector::children(int64_t reference, int64_t start, int64_t count) {
  State& state = *state_;
  state.memory.clear();
  const ValueReference* found = state.references.find(reference);
  if (!found) {
    throw RequestError("NoSuchReference", "Variables reference " + std::to_string(reference) +
                                              " is unknown or no longer valid (references end when the program resumes).");
  }
  // Copy: adding references below may rehash the table.
  const ValueReference entry = *found;
  switch (entry.kind) {
    case ValueReference::Kind::Locals:
      return state.variables(entry.frame, page(FrameScope::locals(*entry.frame), start, count));
    case ValueReference::Kind::Globals:
      return state.variables(entry.frame, page(FrameScope::globals(*entry.frame), start, count));
    case ValueReference::Kind::Registers:
      return page(state.registers(*entry.frame), start, count);
    case ValueReference::Kind::Children:
      break;
  }
  std::vector<VariableView> out;
  for (const auto& child : state.navigator.children(entry.value, entry.name, start, count)) {
    out.push_back(state.view(child.name, child.value));
  }
  return out;
}

VariableView VariableInspector::evaluate(const Frame& frame, const std::string& expression) {
  State& state = *state_;
  state.memory.clear();
  auto tree = ExpressionParser::parse(expression);
  auto context = FrameScope::contextFor(state.symbols, frame, state.memory);
  auto lookup = [&](const std::string& name) -> std::optional<Value> {
    auto die = FrameScope::find(*context, name);
    if (!die) return std::nullopt;
    return FrameScope::valueOf(context, &*die, state.symbols, state.memory);
  };
  ExpressionEvaluator evaluator(state.navigator, lookup, expression);
  Value result = evaluator.evaluate(*tree);
  return state.view(expression, result);
}

}  // namespace rwd
