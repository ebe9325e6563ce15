// VariableInspector: scopes, variables, evaluate and assignment for the
// protocol, assembled from FrameScope (which variables, where),
// NameResolver (what names and type names mean), ValuePresenter
// (children, with their evaluateNames, through the type formatters),
// ValueFormatter (texts), the expression parser/evaluator, ValueWriter and
// the reference table. Memory is read through a page cache that lives for
// one request, so a page of 1,000 array elements costs a handful of reads;
// frame contexts are kept for the whole stop, so evaluating the same
// expression 10,000 times does not redo the DWARF scope walk.
// The Registers scope and `$rip`-style names come from RegisterGroups.
#include "symbols/VariableInspector.h"

#include <dwarf.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "core/DebugError.h"
#include "registers/RegisterGroups.h"
#include "symbols/DieTree.h"
#include "symbols/DwarfIndex.h"
#include "symbols/DwarfType.h"
#include "symbols/ExpressionEvaluator.h"
#include "symbols/ExpressionParser.h"
#include "symbols/FrameScope.h"
#include "symbols/FunctionCallEvaluator.h"
#include "symbols/MemoryCache.h"
#include "symbols/NameResolver.h"
#include "symbols/ValueFormatter.h"
#include "symbols/ValueNavigator.h"
#include "symbols/ValueReferenceTable.h"
#include "symbols/ValueWriter.h"
#include "symbols/formatters/FormatterRegistry.h"

namespace rwd {

namespace {

template <typename T>
std::vector<T> page(const std::vector<T>& all, int64_t start, int64_t count) {
  const int64_t total = static_cast<int64_t>(all.size());
  const int64_t from = std::clamp<int64_t>(start, 0, total);
  const int64_t to = count <= 0 ? total : std::min(total, from + count);
  return std::vector<T>(all.begin() + from, all.begin() + to);
}

// General registers that can be assigned, with their DWARF numbers.
std::optional<int> writableRegister(const std::string& name) {
  static const std::pair<const char*, int> kRegisters[] = {
      {"rax", 0},  {"rdx", 1},  {"rcx", 2},  {"rbx", 3},  {"rsi", 4},  {"rdi", 5},  {"rbp", 6},
      {"rsp", 7},  {"r8", 8},   {"r9", 9},   {"r10", 10}, {"r11", 11}, {"r12", 12}, {"r13", 13},
      {"r14", 14}, {"r15", 15}, {"rip", 16}, {"pc", 16},  {"sp", 7},   {"fp", 6}};
  for (const auto& [known, number] : kRegisters) {
    if (name == known) return number;
  }
  return std::nullopt;
}

// "[12]" → 12.
std::optional<int64_t> indexName(const std::string& name) {
  if (name.size() < 3 || name.front() != '[' || name.back() != ']') return std::nullopt;
  int64_t index = 0;
  for (size_t i = 1; i + 1 < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    index = index * 10 + (name[i] - '0');
  }
  return index;
}

}  // namespace

struct VariableInspector::State {
  State(SymbolIndex& index, TargetAccess& access)
      : symbols(index),
        target(access),
        memory(access),
        navigator(index, memory),
        dwarfIndex(index),
        formatters([this](uint64_t vtable) -> std::optional<TypeRef> {
          auto owner = dwarfIndex.vtableOwner(vtable);
          if (!owner) return std::nullopt;
          return TypeRef::of(owner->die);
        }),
        formatter(navigator, index, &formatters),
        presenter(navigator, formatter, formatters, index, memory, dwarfIndex) {}

  SymbolIndex& symbols;
  TargetAccess& target;
  MemoryCache memory;
  ValueNavigator navigator;
  DwarfIndex dwarfIndex;
  FormatterRegistry formatters;
  ValueFormatter formatter;
  ValuePresenter presenter;
  ValueReferenceTable references;
  // Frame contexts of this stop, by thread, frame, pc and CFA.
  std::map<std::tuple<pid_t, int, int, uint64_t, uint64_t>, std::shared_ptr<const FrameContext>> contexts;
  std::vector<std::pair<std::string, uint64_t>> knownModules;

  // Starts a request: a fresh page cache, and fresh DWARF tables if the modules changed.
  void beginRequest(const FormatOptions& format) {
    memory.clear();
    formatter.setOptions(format);
    std::vector<std::pair<std::string, uint64_t>> modules;
    for (const auto& module : symbols.modules()) modules.emplace_back(module.path, module.base);
    if (modules != knownModules) {
      knownModules = std::move(modules);
      DieTree::clear();
      DwarfType::forgetTypes();
      dwarfIndex.clear();
      formatters.clear();
      contexts.clear();
    }
  }

  std::shared_ptr<const FrameContext> contextFor(const Frame& frame) {
    auto key = std::make_tuple(frame.tid, frame.index, frame.inlineDepth, frame.pc, frame.cfa);
    auto found = contexts.find(key);
    if (found != contexts.end()) return found->second;
    auto context = FrameScope::contextFor(symbols, frame, memory);
    contexts.emplace(key, context);
    return context;
  }

  // A value's name, text, type and (pointers and references) the memory they refer to.
  VariableView textOf(const std::string& name, const Value& value) {
    VariableView out;
    out.name = name;
    out.value = formatter.format(value);
    out.type = navigator.typeName(value);
    const int tag = DwarfType::tag(value.type);
    if (tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
      auto target = navigator.readUnsigned(value, nullptr);
      if (target && *target) out.pointerTarget = target;
    }
    return out;
  }

  VariableView view(const std::string& name, const Value& value, const std::string& evaluateName,
                    const std::string& basis) {
    VariableView out = textOf(name, value);
    out.evaluateName = evaluateName;
    if (value.kind == Value::Kind::Memory && !value.bitSize) {
      out.memoryAddress = value.address;
      if (auto size = navigator.sizeOf(value)) out.byteSize = *size;
    }
    out.indexedCount = presenter.indexedCount(value);
    out.namedCount = presenter.namedCount(value);
    if (out.indexedCount || out.namedCount) {
      ValueReference reference;
      reference.kind = ValueReference::Kind::Children;
      reference.frame = value.frame;
      reference.value = value;
      reference.name = name;
      reference.basis = basis;
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
      out.push_back(
          view(variable.name, FrameScope::valueOf(frame, &die, symbols, memory), variable.name, variable.name));
    }
    return out;
  }

  const ValueReference& reference(int64_t handle) {
    const ValueReference* found = references.find(handle);
    if (!found) {
      throw DebugError(DebugError::NoSuchReference,
                       "Variables reference " + std::to_string(handle) +
                           " is unknown or no longer valid (references end when the program resumes).");
    }
    return *found;
  }

  // The hooks an expression in `context` is evaluated with; `calls` (may
  // be null: refused) runs calls of the program's functions.
  ExpressionHooks hooks(const std::shared_ptr<const FrameContext>& context, NameResolver& resolver,
                        const CallPolicy* calls = nullptr) {
    ExpressionHooks out;
    out.callFunction = [this, context, calls](const ExpressionNode& node, ExpressionEvaluator& evaluator) {
      CallPolicy policy;
      if (calls && calls->run) {
        policy.run = [this, calls](const MachineCall& call) {
          // The call may have written memory, even one that did not return.
          struct Forget {
            MemoryCache& memory;
            ~Forget() { memory.clear(); }
          } forget{memory};
          return calls->run(call);
        };
      } else {
        policy.refusal = calls ? calls->refusal
                               : "the program's functions are called only by evaluate (the Debug Console, the Watch "
                                 "view), never in breakpoint conditions, logpoints or assignments";
      }
      return FunctionCallEvaluator(symbols, context, policy).evaluate(node, evaluator);
    };
    out.lookup = [this, context, &resolver](const std::string& name) -> std::optional<Value> {
      if (!name.empty() && name[0] == '$') {
        auto value = registerValue(context, name);
        if (value && context->frame.index == 0) {
          if (auto number = writableRegister(name.substr(1))) value->registerNumber = *number;
        }
        return value;
      }
      return resolver.value(name);
    };
    out.findType = [&resolver](const std::string& name) { return resolver.type(name); };
    out.formatters = &formatters;
    out.tools = &presenter.tools();
    out.booleanResults = context->hasUnit && DieTree::qualifiesNames(const_cast<Dwarf_Die*>(&context->unit));
    return out;
  }

  // Parses `expression` in `context` and hands the tree and an evaluator to `run`.
  template <typename Run>
  auto withExpression(const std::shared_ptr<const FrameContext>& context, const std::string& expression, const Run& run,
                      const CallPolicy* calls = nullptr) {
    NameResolver resolver(symbols, memory, navigator, dwarfIndex, context);
    auto parsed = ExpressionParser::parse(
        expression, [&resolver](const std::string& name) { return resolver.type(name).has_value(); });
    ExpressionEvaluator evaluator(navigator, hooks(context, resolver, calls), expression);
    return run(parsed, evaluator);
  }

  // The Registers scope is a tree addressed by path: "" lists the groups,
  // "General" a group's registers, "Vector (SSE/AVX)/xmm0" a register's lanes.
  std::vector<VariableView> registers(const std::shared_ptr<const FrameContext>& frame, const std::string& path) {
    std::vector<VariableView> out;
    for (const auto& group : RegisterGroups::forFrame(target, frame->frame)) {
      if (path.empty()) {
        out.push_back(branch(frame, group.name, "", group.name, static_cast<int64_t>(group.registers.size())));
        continue;
      }
      const std::string prefix = group.name + "/";  // group names may hold '/' themselves
      for (const auto& entry : group.registers) {
        if (path == group.name) {
          VariableView view =
              branch(frame, entry.name, entry.value, prefix + entry.name, static_cast<int64_t>(entry.lanes.size()));
          view.type = entry.type;
          out.push_back(view);
        } else if (path == prefix + entry.name) {
          for (const auto& [lane, text] : entry.lanes) out.push_back(branch(frame, lane, text, "", 0));
        }
      }
    }
    return out;
  }

  // A view in the Registers tree; expandable (with a reference to `path`) when it has children.
  VariableView branch(const std::shared_ptr<const FrameContext>& frame, const std::string& name,
                      const std::string& value, const std::string& path, int64_t children) {
    VariableView view;
    view.name = name;
    view.value = value;
    view.namedCount = children;
    if (children > 0) {
      ValueReference reference;
      reference.kind = ValueReference::Kind::Registers;
      reference.frame = frame;
      reference.name = path;
      view.reference = references.add(std::move(reference));
    }
    return view;
  }

  // `$rip`, `$rax`, `$pc` … in expressions: the frame's register as a number (an address for rip, rsp, rbp).
  std::optional<Value> registerValue(const std::shared_ptr<const FrameContext>& frame, const std::string& name) {
    auto found = RegisterGroups::scalar(target, frame->frame, name.substr(1));
    if (!found) return std::nullopt;
    const TypeRef type =
        found->isAddress ? TypeRef::pointerTo(TypeRef{}) : TypeRef::computed(TypeRef::Scalar::Unsigned, 8);
    if (!found->value) return Value::unavailable(type, "not known in this frame");
    std::vector<uint8_t> bytes(8);
    std::memcpy(bytes.data(), &*found->value, 8);
    return Value::ofBytes(type, std::move(bytes), frame);
  }
};

VariableInspector::VariableInspector(SymbolIndex& symbols, TargetAccess& target)
    : state_(std::make_unique<State>(symbols, target)) {
  DieTree::clear();  // tables of an earlier session's modules
  DwarfType::forgetTypes();
}

VariableInspector::~VariableInspector() {
  DieTree::clear();
  DwarfType::forgetTypes();
}

void VariableInspector::invalidate() {
  state_->references.clear();
  state_->memory.clear();
  state_->contexts.clear();
}

std::vector<ScopeView> VariableInspector::scopes(const Frame& frame) {
  State& state = *state_;
  state.beginRequest({});
  auto context = state.contextFor(frame);
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
  add("Registers", ValueReference::Kind::Registers, false, 3);  // General, Vector (SSE/AVX), x87
  return out;
}

std::vector<VariableView> VariableInspector::children(int64_t reference, int64_t start, int64_t count) {
  ChildQuery query;
  query.start = start;
  query.count = count;
  return children(reference, query);
}

std::vector<VariableView> VariableInspector::children(int64_t reference, const ChildQuery& query) {
  State& state = *state_;
  state.beginRequest(query.format);
  // Copy: adding references below may rehash the table.
  const ValueReference entry = state.reference(reference);
  const bool namedOnly = entry.kind != ValueReference::Kind::Children;
  if (namedOnly && query.filter == ChildFilter::Indexed) return {};
  switch (entry.kind) {
    case ValueReference::Kind::Locals:
      return state.variables(entry.frame, page(FrameScope::locals(*entry.frame), query.start, query.count));
    case ValueReference::Kind::Globals:
      return state.variables(entry.frame, page(FrameScope::globals(*entry.frame), query.start, query.count));
    case ValueReference::Kind::Registers:
      return page(state.registers(entry.frame, entry.name), query.start, query.count);
    case ValueReference::Kind::Children:
      break;
  }
  std::vector<VariableView> out;
  for (const auto& child :
       state.presenter.children(entry.value, entry.name, entry.basis, query.filter, query.start, query.count)) {
    out.push_back(state.view(child.name, child.value, child.evaluateName, child.basis));
  }
  return out;
}

PcScope VariableInspector::scopeAt(uint64_t pc) {
  State& state = *state_;
  state.beginRequest(FormatOptions{});
  Frame frame;
  frame.pc = frame.lookupPc = pc;
  PcScope scope;
  scope.context = FrameScope::contextFor(state.symbols, frame, state.memory);
  auto resolver =
      std::make_shared<NameResolver>(state.symbols, state.memory, state.navigator, state.dwarfIndex, scope.context);
  scope.nonLocal = [resolver](const std::string& name) { return resolver->value(name); };
  scope.findType = [resolver](const std::string& name) { return resolver->type(name); };
  return scope;
}

VariableView VariableInspector::evaluate(const Frame& frame, const std::string& expression) {
  return evaluate(frame, expression, FormatOptions{});
}

VariableView VariableInspector::evaluate(const Frame& frame, const std::string& expression, const FormatOptions& format,
                                         const CallPolicy* calls, bool* changesNothing) {
  State& state = *state_;
  state.beginRequest(format);
  auto context = state.contextFor(frame);
  return state.withExpression(
      context, expression,
      [&](const ParsedExpression& parsed, ExpressionEvaluator& evaluator) {
        if (changesNothing) *changesNothing = ExpressionParser::changesNothing(*parsed.tree);
        Value result = evaluator.evaluate(*parsed.tree);
        if (parsed.format.raw) result.raw = true;
        if (parsed.format.hex) state.formatter.setOptions({true, format.raw});
        std::string basis = expression.substr(0, std::min(parsed.tree->end, expression.size()));
        while (!basis.empty() && basis.back() == ' ') basis.pop_back();
        if (result.kind == Value::Kind::Unavailable && !result.type.valid && !result.type.isComputed() &&
            result.problem.empty()) {
          VariableView nothing;  // a call of a void function
          nothing.name = expression;
          nothing.value = "void";
          nothing.type = "void";
          return nothing;
        }
        return state.view(expression, result, expression, basis);
      },
      calls);
}

VariableView VariableInspector::capturedView(const std::string& expression, const Value& value,
                                             std::vector<std::pair<uint64_t, std::vector<uint8_t>>> memory) {
  State& state = *state_;
  state.beginRequest(FormatOptions{});
  state.memory.pinOnly(std::move(memory));
  VariableView out = state.textOf(expression, value);
  state.memory.clear();
  return out;
}

bool VariableInspector::conditionHolds(const Frame& frame, const std::string& condition) {
  State& state = *state_;
  state.beginRequest(FormatOptions{});
  auto context = state.contextFor(frame);
  return state.withExpression(context, condition, [&](const ParsedExpression& parsed, ExpressionEvaluator& evaluator) {
    return evaluator.isTrue(*parsed.tree, evaluator.evaluate(*parsed.tree));
  });
}

VariableView VariableInspector::setExpression(const Frame& frame, const std::string& expression,
                                              const std::string& value, const FormatOptions& format,
                                              const RegisterWriter& registers) {
  State& state = *state_;
  state.beginRequest(format);
  auto context = state.contextFor(frame);
  Value updated =
      state.withExpression(context, expression, [&](const ParsedExpression& target, ExpressionEvaluator& evaluator) {
        const Value place = evaluator.evaluate(*target.tree);
        return state.withExpression(context, value,
                                    [&](const ParsedExpression& source, ExpressionEvaluator& sourceEvaluator) {
                                      ValueWriter writer(state.navigator, state.memory, registers);
                                      return writer.assign(place, *source.tree, sourceEvaluator, expression);
                                    });
      });
  state.contexts.clear();  // registers may have changed
  return state.view(expression, updated, expression, expression);
}

VariableView VariableInspector::setVariable(int64_t reference, const std::string& name, const std::string& value,
                                            const FormatOptions& format, const RegisterWriter& registers) {
  State& state = *state_;
  state.beginRequest(format);
  const ValueReference entry = state.reference(reference);
  std::optional<PresentedChild> child;
  auto fromList = [&](const std::vector<NamedVariable>& list) {
    for (const auto& variable : list) {
      if (variable.name != name) continue;
      Dwarf_Die die = variable.die;
      child = PresentedChild{name, FrameScope::valueOf(entry.frame, &die, state.symbols, state.memory), name, name};
      return;
    }
  };
  switch (entry.kind) {
    case ValueReference::Kind::Locals:
      fromList(FrameScope::locals(*entry.frame));
      break;
    case ValueReference::Kind::Globals:
      fromList(FrameScope::globals(*entry.frame));
      break;
    case ValueReference::Kind::Registers: {
      if (!writableRegister(name)) {
        throw DebugError(DebugError::BadExpression,
                         "cannot change '" + name + "': only the general registers can be set");
      }
      auto hooks = [&] {
        NameResolver resolver(state.symbols, state.memory, state.navigator, state.dwarfIndex, entry.frame);
        return state.hooks(entry.frame, resolver).lookup("$" + name);
      }();
      if (hooks) child = PresentedChild{name, *hooks, "$" + name, "$" + name};
      state.formatter.setOptions({true, false});  // registers read in hex
      break;
    }
    case ValueReference::Kind::Children: {
      if (auto index = indexName(name)) {
        for (auto& found :
             state.presenter.children(entry.value, entry.name, entry.basis, ChildFilter::Indexed, *index, 1)) {
          if (found.name == name) child = found;
        }
      }
      if (!child) {
        for (auto& found : state.presenter.children(entry.value, entry.name, entry.basis, ChildFilter::Named, 0, 0)) {
          if (found.name == name) child = found;
        }
      }
      // Children named by key (map entries): search them page by page.
      const int64_t total = std::min<int64_t>(state.presenter.indexedCount(entry.value), 1'000'000);
      for (int64_t start = 0; !child && start < total; start += 1000) {
        for (auto& found :
             state.presenter.children(entry.value, entry.name, entry.basis, ChildFilter::Indexed, start, 1000)) {
          if (found.name == name) child = found;
        }
      }
      break;
    }
  }
  if (!child) throw DebugError(DebugError::BadArgument, "no variable '" + name + "' here to change");
  if (!entry.frame) throw DebugError(DebugError::BadArgument, "cannot change '" + name + "': it belongs to no frame");
  const std::string targetText = child->evaluateName.empty() ? name : child->evaluateName;
  Value updated =
      state.withExpression(entry.frame, value, [&](const ParsedExpression& source, ExpressionEvaluator& evaluator) {
        ValueWriter writer(state.navigator, state.memory, registers);
        return writer.assign(child->value, *source.tree, evaluator, targetText);
      });
  state.contexts.clear();  // registers may have changed
  return state.view(name, updated, child->evaluateName, child->basis);
}

}  // namespace rwd
