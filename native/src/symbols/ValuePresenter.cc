// ValuePresenter: children of values, with the expressions that name them.
#include "symbols/ValuePresenter.h"

#include <dwarf.h>

#include <algorithm>
#include <cctype>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/NameResolver.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

bool isAggregate(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type;
}

bool isReference(int tag) { return tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type; }

bool isNameCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == ':'; }

// Where the bracket or parenthesis opened at `at` closes; npos when it does not.
size_t closing(const std::string& text, size_t at) {
  const char open = text[at];
  const char close = open == '(' ? ')' : ']';
  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    if (text[i] == open) ++depth;
    if (text[i] == close && --depth == 0) return i;
  }
  return std::string::npos;
}

// A name followed by `.m`, `->m` and `[…]` only: it can take another postfix operator.
bool bindsTightly(const std::string& text) {
  if (text.empty()) return false;
  if (text[0] == '(') return closing(text, 0) == text.size() - 1;
  if (!isNameCharacter(text[0])) return false;
  for (size_t i = 0; i < text.size();) {
    if (isNameCharacter(text[i])) {
      ++i;
    } else if (text[i] == '.') {
      ++i;
    } else if (text.compare(i, 2, "->") == 0) {
      i += 2;
    } else if (text[i] == '[') {
      const size_t end = closing(text, i);
      if (end == std::string::npos) return false;
      i = end + 1;
    } else {
      return false;
    }
  }
  return true;
}

bool isStaticMemberDeclaration(Dwarf_Die* die) {
  const int tag = dwarf_tag(die);
  if (!dwarf_diename(die)) return false;
  if (tag == DW_TAG_variable) return true;
  return tag == DW_TAG_member && dwarf_hasattr(die, DW_AT_declaration) && dwarf_hasattr(die, DW_AT_external);
}

}  // namespace

ValuePresenter::ValuePresenter(ValueNavigator& navigator, ValueFormatter& formatter, FormatterRegistry& formatters,
                               SymbolIndex& symbols, MemoryCache& memory, DwarfIndex& index)
    : navigator_(navigator),
      formatter_(formatter),
      formatters_(formatters),
      symbols_(symbols),
      memory_(memory),
      index_(index),
      tools_{navigator, [this](const Value& value, size_t limit) { return formatter_.summary(value, limit); }} {}

std::string ValuePresenter::postfixOperand(const std::string& basis) {
  if (basis.empty() || bindsTightly(basis)) return basis;
  return "(" + basis + ")";
}

std::string ValuePresenter::memberExpression(const std::string& basis, const std::string& member) {
  if (basis.empty()) return {};
  if (basis[0] == '*' && bindsTightly(basis.substr(1))) return basis.substr(1) + "->" + member;
  return postfixOperand(basis) + "." + member;
}

Value ValuePresenter::referee(const Value& value) {
  Value current = value;
  for (int i = 0; i < 4 && isReference(DwarfType::tag(current.type)) && navigator_.canDereference(current); ++i) {
    current = navigator_.dereference(current);
  }
  return current;
}

int64_t ValuePresenter::staticMemberCount(const Value& value) {
  TypeRef stripped = DwarfType::strip(value.type);
  if (!stripped.valid || stripped.isMadeUp() || !DieTree::qualifiesNames(&stripped.die)) return 0;
  int64_t count = 0;
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return 0;
  do {
    if (isStaticMemberDeclaration(&child)) ++count;
  } while (dwarf_siblingof(&child, &child) == 0);
  return count;
}

int64_t ValuePresenter::indexedCount(const Value& original) {
  const Value value = referee(original);
  if (const TypeFormatter* formatter = formatters_.find(value)) return formatter->indexedCount(value, tools_);
  if (DwarfType::tag(value.type) != DW_TAG_array_type) return 0;
  return static_cast<int64_t>(navigator_.arrayCount(value).value_or(0));
}

int64_t ValuePresenter::namedCount(const Value& original) {
  const Value value = referee(original);
  if (const TypeFormatter* formatter = formatters_.find(value)) {
    return static_cast<int64_t>(formatter->named(value, "", "", tools_).size()) + 1;  // and [raw]
  }
  const int tag = DwarfType::tag(value.type);
  if (tag == DW_TAG_pointer_type) return navigator_.canDereference(value) ? 1 : 0;
  if (isAggregate(tag) && !DwarfType::isDeclaration(value.type)) {
    return static_cast<int64_t>(DwarfType::members(value.type).size()) + staticMemberCount(value);
  }
  return 0;
}

std::vector<PresentedChild> ValuePresenter::children(const Value& original, const std::string& name,
                                                     const std::string& basis, ChildFilter filter, int64_t start,
                                                     int64_t count) {
  const Value value = referee(original);
  start = std::max<int64_t>(start, 0);
  std::vector<PresentedChild> out;
  if (filter != ChildFilter::Indexed) {
    std::vector<PresentedChild> all = named(value, name, basis);
    const int64_t total = static_cast<int64_t>(all.size());
    const int64_t end = count <= 0 ? total : std::min(total, start + count);
    for (int64_t i = start; i < end; ++i) out.push_back(std::move(all[static_cast<size_t>(i)]));
    if (filter == ChildFilter::Named) return out;
    // Unfiltered: the indexed children continue the list after the named ones.
    start = std::max<int64_t>(0, start - total);
    if (count > 0) {
      count -= static_cast<int64_t>(out.size());
      if (count <= 0) return out;
    }
  }
  for (auto& child : indexed(value, basis, start, count)) out.push_back(std::move(child));
  return out;
}

std::vector<PresentedChild> ValuePresenter::named(const Value& value, const std::string& name,
                                                  const std::string& basis) {
  std::vector<PresentedChild> out;
  if (const TypeFormatter* formatter = formatters_.find(value)) {
    for (auto& child : formatter->named(value, name, postfixOperand(basis), tools_)) {
      std::string evaluateName =
          child.evaluateName.empty() ? FormatterSupport::addressExpression(child.value) : child.evaluateName;
      out.push_back({child.name, child.value, evaluateName, evaluateName});
    }
    Value raw = value;
    raw.raw = true;
    out.push_back({"[raw]", raw, basis.empty() ? "" : basis + ",raw", basis});
    return out;
  }
  const int tag = DwarfType::tag(value.type);
  if (tag == DW_TAG_pointer_type) {
    if (navigator_.canDereference(value)) {
      const std::string expression = basis.empty() ? "" : "*" + postfixOperand(basis);
      out.push_back({"*" + name, navigator_.dereference(value), expression, expression});
    }
    return out;
  }
  if (isAggregate(tag) && !DwarfType::isDeclaration(value.type)) {
    out = members(value, basis);
    addStaticMembers(value, out);
  }
  return out;
}

std::vector<PresentedChild> ValuePresenter::members(const Value& value, const std::string& basis) {
  std::vector<PresentedChild> out;
  for (Dwarf_Die& member : DwarfType::members(value.type)) {
    Value field = navigator_.memberValue(value, &member);
    if (dwarf_tag(&member) == DW_TAG_inheritance) {
      const std::string base = DwarfType::name(DwarfType::typeOf(&member));
      const std::string expression = basis.empty() ? "" : "(" + base + ")" + postfixOperand(basis);
      out.push_back({base, field, expression, expression});
      continue;
    }
    const std::string own = ValueNavigator::memberName(&member);
    if (own.empty()) {
      // An anonymous struct or union: its members are named as the parent's.
      out.push_back({"<anonymous>", field, "", basis});
      continue;
    }
    const std::string expression = memberExpression(basis, own);
    out.push_back({own, field, expression, expression});
  }
  return out;
}

void ValuePresenter::addStaticMembers(const Value& value, std::vector<PresentedChild>& out) {
  if (staticMemberCount(value) == 0 || !value.frame) return;
  TypeRef stripped = DwarfType::strip(value.type);
  NameResolver resolver(symbols_, memory_, navigator_, index_, value.frame);
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return;
  do {
    if (!isStaticMemberDeclaration(&child)) continue;
    const std::string qualified = DieTree::qualifiedName(&child);
    auto found = resolver.staticMember(&child);
    Value member = found ? *found : Value::unavailable(DwarfType::typeOf(&child), "not defined in any loaded module");
    out.push_back({ValueNavigator::memberName(&child), member, qualified, qualified});
  } while (dwarf_siblingof(&child, &child) == 0);
}

std::vector<PresentedChild> ValuePresenter::indexed(const Value& value, const std::string& basis, int64_t start,
                                                    int64_t count) {
  std::vector<PresentedChild> out;
  if (const TypeFormatter* formatter = formatters_.find(value)) {
    for (auto& child : formatter->indexed(value, postfixOperand(basis), start, count, tools_)) {
      std::string evaluateName =
          child.evaluateName.empty() ? FormatterSupport::addressExpression(child.value) : child.evaluateName;
      out.push_back({child.name, child.value, evaluateName, evaluateName});
    }
    return out;
  }
  if (DwarfType::tag(value.type) != DW_TAG_array_type) return out;
  const int64_t total = static_cast<int64_t>(navigator_.arrayCount(value).value_or(0));
  const int64_t from = std::min(start, total);
  const int64_t end = count <= 0 ? total : std::min(total, from + count);
  const std::string operand = postfixOperand(basis);
  out.reserve(static_cast<size_t>(end - from));
  for (int64_t i = from; i < end; ++i) {
    const std::string label = "[" + std::to_string(i) + "]";
    const std::string expression = operand.empty() ? "" : operand + label;
    out.push_back({label, navigator_.element(value, static_cast<uint64_t>(i)), expression, expression});
  }
  return out;
}

}  // namespace rwd
