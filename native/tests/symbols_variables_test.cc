// Unit tests for VariableInspector on traced programs: scopes, exact values
// and type names of locals of many types, children and paging of structs,
// arrays (also two-dimensional and variable-length), pointers and
// strings, bit-fields, unreadable memory, globals, variables of outer
// frames, -O2 values in registers and location lists, evaluate with its
// error messages, and references dying on invalidate.
#include <map>
#include <string>

#include "protocol/RequestError.h"
#include "support/SymbolsTestSupport.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"
#include "symbols/VariableInspector.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

struct Session {
  explicit Session(const std::string& fixture, const std::string& flags = "-g -O0")
      : program(compileFixture(fixture, flags)),
        process(program.binary),
        symbols(process),
        unwinder(symbols, process),
        variables(symbols, process) {
    symbols.refresh();
  }
  bool runTo(const std::string& marker) {
    variables.invalidate();
    if (process.runToLine(symbols, program.source, markerLine(program.source, marker)) == 0) return false;
    symbols.refresh();
    return true;
  }
  Frame frame(int index) {
    auto frames = unwinder.frames(process.processId(), index, 1);
    if (frames.empty()) throw std::runtime_error("no frame " + std::to_string(index));
    return frames.front();
  }
  std::map<std::string, ScopeView> scopes(int index) {
    std::map<std::string, ScopeView> out;
    for (const auto& scope : variables.scopes(frame(index))) out[scope.name] = scope;
    return out;
  }
  std::map<std::string, VariableView> byName(int64_t reference) {
    std::map<std::string, VariableView> out;
    for (const auto& view : variables.children(reference, 0, 0)) out[view.name] = view;
    return out;
  }
  std::string evaluate(const std::string& expression, int frameIndex = 0) {
    try {
      return variables.evaluate(frame(frameIndex), expression).value;
    } catch (const DebugError& error) {
      return "error " + std::string(wireName(errorCodeOf(error.kind()))) + ": " + error.what();
    }
  }

  CompiledProgram program;
  TracedProgram process;
  SymbolIndex symbols;
  Unwinder unwinder;
  VariableInspector variables;
};

bool endsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

void checkView(const std::map<std::string, VariableView>& views, const std::string& name, const std::string& value,
               const std::string& type) {
  auto found = views.find(name);
  if (found == views.end()) {
    std::fprintf(stderr, "missing variable %s\n", name.c_str());
    ++failures;
    return;
  }
  CHECK_EQ(found->second.value, value);
  CHECK_EQ(found->second.type, type);
}

int testLocalsOfMain() {
  Session session("symbols_program.c");
  REQUIRE(session.runTo("call_outer"));
  auto scopes = session.scopes(0);
  REQUIRE(scopes.count("Locals") && scopes.count("Globals") && scopes.count("Registers"));
  CHECK(!scopes["Locals"].expensive);
  CHECK(scopes["Globals"].expensive);
  auto localsList = session.variables.children(scopes["Locals"].reference, 0, 0);
  CHECK_EQ(scopes["Locals"].count, static_cast<int64_t>(localsList.size()));
  REQUIRE(localsList.size() >= 2);
  CHECK_EQ(localsList[0].name, std::string("argc"));
  CHECK_EQ(localsList[1].name, std::string("argv"));
  auto locals = session.byName(scopes["Locals"].reference);
  // Variables of blocks that do not hold the pc are not shown.
  CHECK(!locals.count("shadow"));
  CHECK(!locals.count("unrelated"));
  CHECK(!locals.count("k"));

  checkView(locals, "argc", "1", "int");
  checkView(locals, "count", "3", "int");
  checkView(locals, "mask", "255", "unsigned int");
  checkView(locals, "initial", "65 'A'", "char");
  checkView(locals, "flag", "true", "_Bool");
  checkView(locals, "ratio", "1.5", "float");
  checkView(locals, "precise", "3.25", "double");
  checkView(locals, "big", "-1234567890123", "long long int");
  checkView(locals, "tint", "GREEN", "enum color");
  checkView(locals, "odd", "42", "enum color");
  checkView(locals, "spot", "{x=1, y=2}", "point_t");
  checkView(locals, "numbers", "{1, 2, 3, 4, 5}", "int [5]");
  checkView(locals, "nothing", "0x0", "char *");
  checkView(locals, "buffer", "\"hi\"", "char [16]");
  checkView(locals, "grid", "{{1, 2, 3}, {4, 5, 6}}", "int [2][3]");
  checkView(locals, "num", "{i=1065353216, f=1}", "union number");
  checkView(locals, "bits", "{ready=1, level=5, signed_bits=-3}", "struct flags");
  checkView(locals, "dangling", "0x10", "int *");
  CHECK_EQ(locals["message"].type, std::string("const char *"));
  CHECK(locals["message"].value.rfind("0x", 0) == 0);
  CHECK(endsWith(locals["message"].value, " \"hello, world\""));
  CHECK_EQ(locals["operation"].type, std::string("int (*)(int, point_t)"));
  CHECK(endsWith(locals["operation"].value, " <inner>"));
  CHECK_EQ(locals["operation"].reference, int64_t(0));
  const std::string box = locals["box"].value;
  CHECK_EQ(locals["box"].type, std::string("struct holder"));
  CHECK(box.rfind("{origin={x=3, y=4}, values={10, 20, 30, 40}, label=0x", 0) == 0);
  CHECK(endsWith(box, " \"label\", tint=BLUE, next=0x0}"));

  // Scalars have no children; memory references are the variables' addresses.
  CHECK_EQ(locals["count"].reference, int64_t(0));
  CHECK(locals["count"].memoryAddress.has_value());
  auto address = session.variables.evaluate(session.frame(0), "&count");
  CHECK_EQ(address.type, std::string("int *"));
  CHECK_EQ(
      address.value, "0x" + [&] {
        char text[32];
        std::snprintf(text, sizeof text, "%llx",
                      static_cast<unsigned long long>(locals["count"].memoryAddress.value_or(0)));
        return std::string(text);
      }());
  CHECK_EQ(locals["nothing"].reference, int64_t(0));

  // Struct members.
  REQUIRE(locals["spot"].reference != 0);
  CHECK_EQ(locals["spot"].namedCount, int64_t(2));
  auto spot = session.byName(locals["spot"].reference);
  checkView(spot, "x", "1", "int");
  checkView(spot, "y", "2", "int");
  auto bits = session.byName(locals["bits"].reference);
  checkView(bits, "level", "5", "unsigned int");
  checkView(bits, "signed_bits", "-3", "int");
  CHECK(!bits["level"].memoryAddress.has_value());

  // A pointer to a struct has the struct as its one child.
  REQUIRE(locals["boxp"].reference != 0);
  CHECK_EQ(locals["boxp"].type, std::string("struct holder *"));
  auto pointee = session.variables.children(locals["boxp"].reference, 0, 0);
  REQUIRE(pointee.size() == 1);
  CHECK_EQ(pointee[0].name, std::string("*boxp"));
  CHECK_EQ(pointee[0].value, box);
  CHECK_EQ(pointee[0].namedCount, int64_t(5));
  auto boxMembers = session.byName(pointee[0].reference);
  checkView(boxMembers, "origin", "{x=3, y=4}", "point_t");
  checkView(boxMembers, "values", "{10, 20, 30, 40}", "int [4]");
  checkView(boxMembers, "tint", "BLUE", "enum color");
  checkView(boxMembers, "next", "0x0", "struct holder *");
  CHECK(endsWith(boxMembers["label"].value, " \"label\""));
  // A pointer whose target cannot be read says so in the child, not as an error.
  auto dangling = session.variables.children(locals["dangling"].reference, 0, 0);
  REQUIRE(dangling.size() == 1);
  CHECK_EQ(dangling[0].value, std::string("<unreadable 0x10>"));

  // Arrays: indexed children and paging.
  CHECK_EQ(locals["numbers"].indexedCount, int64_t(5));
  auto numbers = session.variables.children(locals["numbers"].reference, 1, 2);
  REQUIRE(numbers.size() == 2);
  CHECK_EQ(numbers[0].name, std::string("[1]"));
  CHECK_EQ(numbers[0].value, std::string("2"));
  CHECK_EQ(numbers[1].name, std::string("[2]"));
  CHECK_EQ(numbers[1].value, std::string("3"));
  CHECK_EQ(session.variables.children(locals["numbers"].reference, 0, 0).size(), size_t(5));
  CHECK_EQ(locals["grid"].indexedCount, int64_t(2));
  auto rows = session.variables.children(locals["grid"].reference, 0, 0);
  REQUIRE(rows.size() == 2);
  CHECK_EQ(rows[1].value, std::string("{4, 5, 6}"));
  CHECK_EQ(rows[1].type, std::string("int [3]"));
  CHECK_EQ(rows[1].indexedCount, int64_t(3));
  auto cells = session.variables.children(rows[1].reference, 2, 1);
  REQUIRE(cells.size() == 1);
  CHECK_EQ(cells[0].value, std::string("6"));
  auto characters = session.variables.children(locals["buffer"].reference, 0, 3);
  REQUIRE(characters.size() == 3);
  CHECK_EQ(characters[1].value, std::string("105 'i'"));
  CHECK_EQ(characters[2].value, std::string("0 '\\0'"));

  // Globals of the unit.
  auto globals = session.byName(scopes["Globals"].reference);
  CHECK_EQ(scopes["Globals"].count, static_cast<int64_t>(globals.size()));
  checkView(globals, "global_counter", "111", "int");
  checkView(globals, "global_ratio", "2.5", "double");
  checkView(globals, "global_matrix", "{{1, 2, 3}, {4, 5, 6}}", "int [2][3]");
  CHECK(endsWith(globals["global_greeting"].value, " \"hello\""));
  CHECK_EQ(globals["big_array"].indexedCount, int64_t(3000));
  auto tail = session.variables.children(globals["big_array"].reference, 2990, 100);
  REQUIRE(tail.size() == 10);
  CHECK_EQ(tail.front().name, std::string("[2990]"));
  CHECK_EQ(tail.front().value, std::string("5980"));
  CHECK_EQ(tail.back().value, std::string("5998"));

  // Registers of frame 0 are the thread's, in groups.
  CHECK(!scopes["Registers"].expensive);
  auto registerGroups = session.byName(scopes["Registers"].reference);
  REQUIRE(registerGroups.count("General") && registerGroups.count("Vector (SSE/AVX)") && registerGroups.count("x87"));
  auto registers = session.byName(registerGroups["General"].reference);
  char rip[32];
  std::snprintf(rip, sizeof rip, "0x%llx", static_cast<unsigned long long>(session.process.pc()));
  CHECK_EQ(registers["rip"].value, std::string(rip));

  // References die on invalidate.
  const int64_t stale = locals["spot"].reference;
  session.variables.invalidate();
  bool threw = false;
  try {
    session.variables.children(stale, 0, 0);
  } catch (const DebugError& error) { threw = error.kind() == DebugError::NoSuchReference; }
  CHECK(threw);
  return 0;
}

int testEvaluate() {
  Session session("symbols_program.c");
  REQUIRE(session.runTo("call_outer"));
  CHECK_EQ(session.evaluate("spot.x"), std::string("1"));
  CHECK_EQ(session.evaluate("boxp->origin.y"), std::string("4"));
  CHECK_EQ(session.evaluate("box.values[2]"), std::string("30"));
  CHECK_EQ(session.evaluate("(*boxp).tint"), std::string("BLUE"));
  CHECK_EQ(session.evaluate("grid[1][2]"), std::string("6"));
  CHECK_EQ(session.evaluate("global_matrix[0][1]"), std::string("2"));
  CHECK_EQ(session.evaluate("message[1]"), std::string("101 'e'"));
  CHECK_EQ(session.evaluate("*message"), std::string("104 'h'"));
  CHECK_EQ(session.evaluate("*numbers"), std::string("1"));
  CHECK_EQ(session.evaluate("*(numbers + 3)"), std::string("4"));
  CHECK_EQ(session.evaluate("numbers[1] + numbers[4] * 2"), std::string("12"));
  CHECK_EQ(session.evaluate("spot.x + spot.y * 2"), std::string("5"));
  CHECK_EQ(session.evaluate("(count - 5) * 2"), std::string("-4"));
  CHECK_EQ(session.evaluate("&numbers[3] - &numbers[0]"), std::string("3"));
  CHECK_EQ(session.evaluate("count == 3 && mask > 0x10"), std::string("1"));
  CHECK_EQ(session.evaluate("ratio * 2"), std::string("3"));
  CHECK_EQ(session.evaluate("big_array[2999]"), std::string("5998"));
  CHECK_EQ(session.evaluate("0x10 >> 2"), std::string("4"));
  auto pointer = session.variables.evaluate(session.frame(0), "boxp");
  CHECK_EQ(pointer.name, std::string("boxp"));
  CHECK_EQ(pointer.type, std::string("struct holder *"));
  CHECK(pointer.reference != 0);
  auto structure = session.variables.evaluate(session.frame(0), "*boxp");
  CHECK_EQ(structure.type, std::string("struct holder"));
  CHECK_EQ(structure.namedCount, int64_t(5));

  CHECK_EQ(session.evaluate("foo"), std::string("error BadExpression: no symbol 'foo' in this frame"));
  CHECK_EQ(session.evaluate("*nothing"), std::string("error BadExpression: cannot dereference a null pointer"));
  CHECK_EQ(session.evaluate("box.next->tint"), std::string("error BadExpression: cannot dereference a null pointer"));
  CHECK_EQ(session.evaluate("count.x"), std::string("error BadExpression: 'count' is not a struct or union"));
  CHECK_EQ(session.evaluate("count->x"),
           std::string("error BadExpression: 'count' is not a pointer to a struct or union"));
  CHECK_EQ(session.evaluate("spot.z"), std::string("error BadExpression: no member named 'z' in 'point_t'"));
  CHECK_EQ(session.evaluate("count[1]"), std::string("error BadExpression: 'count' is not an array or pointer"));
  CHECK_EQ(session.evaluate("*count"), std::string("error BadExpression: 'count' is not a pointer"));
  CHECK_EQ(session.evaluate("count / 0"), std::string("error BadExpression: division by zero in 'count / 0'"));
  CHECK_EQ(session.evaluate("spot + 1"), std::string("error BadExpression: 'spot' (point_t) is not a number"));
  CHECK_EQ(session.evaluate("spot."),
           std::string("error BadExpression: Cannot evaluate 'spot.': expected a member name at column 6."));
  CHECK_EQ(
      session.evaluate("(count"),
      std::string("error BadExpression: Cannot evaluate '(count': expected ')' but the expression ends at column 7."));
  CHECK_EQ(session.evaluate(""), std::string("error BadExpression: The expression is empty."));
  CHECK_EQ(session.evaluate("count # 2"),
           std::string("error BadExpression: Cannot evaluate 'count # 2': unexpected character '#' at column 7."));
  CHECK_EQ(session.evaluate("count @ 1"), std::string("{3}"));
  CHECK_EQ(session.evaluate("count @ 0"),
           std::string("error BadExpression: the count after '@' must be a positive integer, and '0' is 0"));
  return 0;
}

int testOuterFramesAndBlocks() {
  Session session("symbols_program.c");
  REQUIRE(session.runTo("inner_block"));
  auto locals = session.byName(session.scopes(0)["Locals"].reference);
  checkView(locals, "shadow", "99", "int");
  CHECK(!locals.count("unrelated"));

  // The second call of inner: depth 1 from outer's second iteration.
  REQUIRE(session.runTo("inner_body"));
  REQUIRE(session.runTo("inner_body"));
  auto inner = session.byName(session.scopes(0)["Locals"].reference);
  checkView(inner, "depth", "1", "int");
  checkView(inner, "where", "{x=1, y=2}", "point_t");
  checkView(inner, "local", "10", "int");
  checkView(inner, "letter", "66 'B'", "char");
  // Frame 1 (outer) reads its variables through its own CFA.
  auto outer = session.byName(session.scopes(1)["Locals"].reference);
  checkView(outer, "n", "3", "int");
  checkView(outer, "result", "65", "int");
  checkView(outer, "i", "1", "int");
  checkView(outer, "where", "{x=1, y=2}", "point_t");
  CHECK_EQ(session.evaluate("result + i", 1), std::string("66"));
  auto main = session.byName(session.scopes(2)["Locals"].reference);
  checkView(main, "count", "3", "int");
  checkView(main, "spot", "{x=1, y=2}", "point_t");
  CHECK_EQ(session.evaluate("depth", 1), std::string("error BadExpression: no symbol 'depth' in this frame"));

  // A variable-length array takes its length from the frame.
  REQUIRE(session.runTo("vla_body"));
  auto vla = session.byName(session.scopes(0)["Locals"].reference);
  CHECK_EQ(vla["squares"].value, std::string("{0, 1, 4, 9}"));
  CHECK_EQ(vla["squares"].indexedCount, int64_t(4));
  auto squares = session.variables.children(vla["squares"].reference, 3, 5);
  REQUIRE(squares.size() == 1);
  CHECK_EQ(squares[0].value, std::string("9"));
  return 0;
}

int testOptimizedCode() {
  Session session("symbols_optimized.c", "-g -O2");
  REQUIRE(session.runTo("opt_print"));
  auto locals = session.byName(session.scopes(0)["Locals"].reference);
  // value (a location list), product and sum are known here; the rest may
  // be optimized out but must still be listed with their types.
  checkView(locals, "value", "5", "int");
  checkView(locals, "product", "35", "int");
  checkView(locals, "sum", "46", "int");
  CHECK(locals.count("factor"));
  CHECK_EQ(locals["extra"].type, std::string("struct pair"));
  CHECK_EQ(session.evaluate("value + sum"), std::string("51"));
  // main's variables one frame up: a register recovered by unwinding with
  // an arithmetic expression (counted = argc * 7), and a struct of which
  // one piece is in a register and the other is gone.
  auto main = session.byName(session.scopes(1)["Locals"].reference);
  checkView(main, "argc", "1", "int");
  checkView(main, "counted", "7", "int");
  checkView(main, "kept", "{first=6, second=<optimized out>}", "struct pair");
  auto kept = session.byName(main["kept"].reference);
  checkView(kept, "first", "6", "int");
  checkView(kept, "second", "<optimized out>", "int");
  CHECK_EQ(session.evaluate("kept.first + counted", 1), std::string("13"));
  CHECK_EQ(session.evaluate("kept.second", 1), std::string("<optimized out>"));
  // Optimized code starts several lines at one address; each still resolves.
  const int pause = markerLine(session.program.source, "pause");
  auto resolution = session.symbols.resolveLine(session.program.source.string(), pause);
  REQUIRE(resolution && resolution->addresses.size() == 1);
  CHECK_EQ(resolution->line, pause);
  auto location = session.symbols.locationAt(resolution->addresses[0]);
  REQUIRE(location);
  CHECK_EQ(location->line, pause);
  return 0;
}

int testCppNamespaces() {
  Session session("symbols_widget.cc");
  REQUIRE(session.runTo("area"));
  auto method = session.byName(session.scopes(0)["Locals"].reference);
  REQUIRE(method.count("this"));
  CHECK_EQ(method["this"].type, std::string("const ns::Widget *const"));
  CHECK_EQ(session.evaluate("this->width * this->height"), std::string("12"));
  CHECK_EQ(session.evaluate("*this"), std::string("{width=3, height=4}"));
  // A function defined inside a namespace has its variables too.
  REQUIRE(session.runTo("twice"));
  auto function = session.byName(session.scopes(0)["Locals"].reference);
  checkView(function, "value", "21", "int");
  checkView(function, "doubled", "42", "int");
  return 0;
}

}  // namespace

int main() {
  if (testLocalsOfMain() != 0) ++failures;
  if (testEvaluate() != 0) ++failures;
  if (testOuterFramesAndBlocks() != 0) ++failures;
  if (testOptimizedCode() != 0) ++failures;
  if (testCppNamespaces() != 0) ++failures;
  return summary("symbols_variables_test");
}
