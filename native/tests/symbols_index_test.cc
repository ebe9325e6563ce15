// Unit tests for SymbolIndex against a real traced program: module lists,
// line resolution (exact, moved, one place for a loop line, pending,
// past the end, path suffixes and symlinks, function openings), address
// lookups, line ranges, functions (C and demangled C++), symbols, and
// libraries that dlopen adds and dlclose removes.
#include <algorithm>
#include <filesystem>

#include "support/SymbolsTestSupport.h"
#include "symbols/SymbolIndex.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

bool hasModule(const std::vector<ModuleInfo>& modules, const std::string& name) {
  return std::any_of(modules.begin(), modules.end(), [&](const ModuleInfo& module) { return module.name == name; });
}

int lineAt(SymbolIndex& symbols, uint64_t pc) {
  auto location = symbols.locationAt(pc);
  return location ? location->line : -1;
}

int testProgramLines() {
  auto program = compileFixture("symbols_program.c");
  const auto source = program.source;
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);

  auto added = symbols.refresh();
  REQUIRE(!symbols.modules().empty());
  CHECK_EQ(symbols.modules().front().path, program.binary.string());
  CHECK_EQ(symbols.modules().front().name, std::string("symbols_program"));
  CHECK(symbols.modules().front().hasDebugInfo);
  CHECK(hasModule(added, "symbols_program"));
  CHECK(std::any_of(added.begin(), added.end(), [](const ModuleInfo& m) { return m.name.rfind("ld-linux", 0) == 0; }));
  std::vector<ModuleInfo> removed{ModuleInfo{}};
  CHECK(symbols.refresh(&removed).empty());
  CHECK(removed.empty());

  // An exact line.
  const int body = markerLine(source, "inner_body");
  auto exact = symbols.resolveLine(source.string(), body);
  REQUIRE(exact && exact->addresses.size() == 1);
  CHECK_EQ(exact->line, body);
  CHECK_EQ(exact->file, source.string());
  CHECK_EQ(lineAt(symbols, exact->addresses[0]), body);
  CHECK(symbols.isStatementStart(exact->addresses[0]));
  CHECK(!symbols.isStatementStart(exact->addresses[0] + 1));
  auto location = symbols.locationAt(exact->addresses[0]);
  REQUIRE(location);
  CHECK_EQ(location->file, source.string());
  auto inner = symbols.functionAt(exact->addresses[0]);
  REQUIRE(inner);
  CHECK_EQ(inner->first, std::string("inner"));
  CHECK_EQ(std::optional<uint64_t>(inner->second), symbols.symbolAddress("inner"));

  // A line without code moves to the next line that has some.
  const int blockOpen = markerLine(source, "block_open");
  auto moved = symbols.resolveLine(source.string(), blockOpen);
  REQUIRE(moved && !moved->addresses.empty());
  CHECK_EQ(moved->line, blockOpen + 1);
  CHECK_EQ(lineAt(symbols, moved->addresses[0]), blockOpen + 1);

  // A blank line before a function, and the function's opening line, both
  // end after the prologue, on the function's first statement.
  auto outerEntry = symbols.symbolAddress("outer");
  REQUIRE(outerEntry);
  auto outerBody = symbols.addressAfterPrologue(*outerEntry);
  REQUIRE(outerBody);
  CHECK(*outerBody > *outerEntry);
  const int outerOpen = markerLine(source, "outer_open");
  CHECK_EQ(lineAt(symbols, *outerEntry), outerOpen);
  CHECK_EQ(lineAt(symbols, *outerBody), outerOpen + 1);
  for (int requested : {markerLine(source, "blank_before_outer"), outerOpen}) {
    auto opening = symbols.resolveLine(source.string(), requested);
    REQUIRE(opening);
    CHECK_EQ(opening->line, outerOpen + 1);
    CHECK_EQ(opening->addresses, std::vector<uint64_t>{*outerBody});
  }

  // A for line has its own code in two places of one block: the
  // initialisation and the increment (the condition follows the increment
  // in the same run). A breakpoint there is one location, the first (as
  // gdb's); both runs are statements of the line for stepping.
  const int loop = markerLine(source, "loop");
  auto loopLine = symbols.resolveLine(source.string(), loop);
  REQUIRE(loopLine);
  CHECK_EQ(loopLine->line, loop);
  REQUIRE(loopLine->addresses.size() == size_t(1));
  std::vector<uint64_t> runStarts;
  for (const auto& position : symbols.statementPositions(source.string(), loop, loop)) {
    if (auto run = symbols.lineRangeAt(position.address)) runStarts.push_back(run->start);
  }
  std::sort(runStarts.begin(), runStarts.end());
  runStarts.erase(std::unique(runStarts.begin(), runStarts.end()), runStarts.end());
  REQUIRE(runStarts.size() == size_t(2));
  CHECK_EQ(loopLine->addresses.front(), runStarts.front());
  for (uint64_t address : runStarts) {
    CHECK_EQ(lineAt(symbols, address), loop);
    CHECK(symbols.isStatementStart(address));
    auto range = symbols.lineRangeAt(address);
    REQUIRE(range);
    CHECK_EQ(range->start, address);
    CHECK(range->end > range->start);
    for (uint64_t pc = range->start; pc < range->end; ++pc) CHECK_EQ(lineAt(symbols, pc), loop);
    CHECK(lineAt(symbols, range->end) != loop);
    // The range of an address inside the run is the same run.
    auto middle = symbols.lineRangeAt(range->end - 1);
    REQUIRE(middle);
    CHECK_EQ(middle->start, range->start);
    CHECK_EQ(middle->end, range->end);
  }

  // Unknown files are pending; lines after the last code of a known file
  // resolve to nothing.
  CHECK(!symbols.resolveLine("/nowhere/at/all/other_file.c", 5).has_value());
  auto pastEnd = symbols.resolveLine(source.string(), markerLine(source, "after_last_code"));
  REQUIRE(pastEnd);
  CHECK(pastEnd->addresses.empty());

  // A file of the same name in another directory is another file; a
  // relative path matches by its trailing components; a symlink by the
  // real path.
  CHECK(!symbols.resolveLine("/some/other/checkout/symbols_program.c", body).has_value());
  auto suffix = symbols.resolveLine(program.directory.filename().string() + "/symbols_program.c", body);
  REQUIRE(suffix);
  CHECK_EQ(suffix->addresses, exact->addresses);
  CHECK(!symbols.resolveLine("elsewhere/symbols_program.c", body).has_value());
  std::filesystem::create_directory_symlink(program.directory, program.directory.string() + "-link");
  auto viaLink = symbols.resolveLine(program.directory.string() + "-link/./symbols_program.c", body);
  std::filesystem::remove(program.directory.string() + "-link");
  REQUIRE(viaLink);
  CHECK_EQ(viaLink->addresses, exact->addresses);
  CHECK(!symbols.resolveLine(source.string() + ".orig", body).has_value());

  // Modules by address.
  auto mainAddress = symbols.symbolAddress("main");
  REQUIRE(mainAddress);
  auto module = symbols.moduleAt(*mainAddress);
  REQUIRE(module);
  CHECK_EQ(module->first.name, std::string("symbols_program"));
  CHECK_EQ(module->second, *mainAddress - module->first.base);
  CHECK(!symbols.moduleAt(8).has_value());
  CHECK(!symbols.locationAt(8).has_value());
  CHECK(!symbols.functionAt(8).has_value());

  // The loop's breakpoint stops once, where the loop starts (not at each
  // of the three increments), then the return.
  for (uint64_t address : loopLine->addresses) process.insertBreakpoint(address);
  const int outerReturn = markerLine(source, "outer_return");
  auto returnLine = symbols.resolveLine(source.string(), outerReturn);
  REQUIRE(returnLine && returnLine->addresses.size() == 1);
  process.insertBreakpoint(returnLine->addresses[0]);
  int loopStops = 0;
  for (;;) {
    uint64_t hit = process.continueToBreakpoint();
    REQUIRE(hit != 0);
    if (hit == returnLine->addresses[0]) break;
    ++loopStops;
    REQUIRE(loopStops < 10);
  }
  CHECK_EQ(loopStops, 1);
  process.removeAllBreakpoints();

  // The C library appears once the program runs; its functions have names.
  added = symbols.refresh(&removed);
  CHECK(hasModule(added, "libc.so.6"));
  CHECK(removed.empty());
  auto puts = symbols.symbolAddress("puts");
  REQUIRE(puts);
  auto putsName = symbols.functionAt(*puts + 1);
  REQUIRE(putsName);
  CHECK(putsName->first.find("puts") != std::string::npos);
  CHECK_EQ(putsName->second, *puts);
  auto libc = symbols.moduleAt(*puts);
  REQUIRE(libc);
  CHECK_EQ(libc->first.name, std::string("libc.so.6"));
  return 0;
}

int testDemangledNames() {
  auto program = compileFixture("symbols_widget.cc");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  symbols.refresh();
  auto area = symbols.symbolAddress("_ZNK2ns6Widget4areaEv");
  REQUIRE(area);
  auto name = symbols.functionAt(*area + 2);
  REQUIRE(name);
  CHECK_EQ(name->first, std::string("ns::Widget::area() const"));
  CHECK_EQ(lineAt(symbols, *area), markerLine(program.source, "area"));
  return 0;
}

int testModulesComeAndGo() {
  auto program = compileFixture("symbols_dlopen.c");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "after_open")) != 0);
  std::vector<ModuleInfo> removed;
  auto added = symbols.refresh(&removed);
  CHECK(hasModule(added, "libm.so.6"));
  CHECK(hasModule(symbols.modules(), "libm.so.6"));
  CHECK(removed.empty());
  auto cosine = symbols.symbolAddress("cos");
  REQUIRE(cosine);
  auto owner = symbols.moduleAt(*cosine);
  REQUIRE(owner);
  CHECK_EQ(owner->first.name, std::string("libm.so.6"));
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "after_close")) != 0);
  added = symbols.refresh(&removed);
  CHECK(added.empty());
  CHECK(hasModule(removed, "libm.so.6"));
  CHECK(!hasModule(symbols.modules(), "libm.so.6"));
  CHECK(!symbols.moduleAt(*cosine).has_value());
  CHECK(!symbols.functionAt(*cosine).has_value());
  return 0;
}

}  // namespace

int main() {
  if (testProgramLines() != 0) ++failures;
  if (testDemangledNames() != 0) ++failures;
  if (testModulesComeAndGo() != 0) ++failures;
  return summary("symbols_index_test");
}
