// FunctionIndex against a real program whose library comes and goes with
// dlopen and dlclose: a module is read once, however many lookups follow;
// a module that loads is read when a lookup comes, and only it; a module
// that is gone is forgotten (its functions are found no more).
#include <algorithm>

#include "support/SymbolsTestSupport.h"
#include "symbols/FunctionIndex.h"
#include "symbols/SymbolIndex.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

bool allIn(SymbolIndex& symbols, const std::vector<FunctionMatch>& found, const std::string& moduleName) {
  return std::all_of(found.begin(), found.end(), [&](const FunctionMatch& match) {
    auto owner = symbols.moduleAt(match.address);
    return owner && owner->first.name == moduleName;
  });
}

int testModulesReadOnce() {
  auto program = compileFixture("symbols_dlopen.c");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "before_open")) != 0);
  symbols.refresh();
  FunctionIndex index;

  auto main = index.find(symbols.dwfl(), "main");
  REQUIRE(main.size() == 1);
  CHECK_EQ(main[0].name, std::string("main"));
  CHECK(main[0].address == symbols.symbolAddress("main"));
  CHECK(!main[0].inlined);
  const int read = index.modulesRead();
  CHECK(read >= 2);  // the program, the C library, the loader…
  CHECK(index.find(symbols.dwfl(), "cbrt").empty());
  CHECK(index.find(symbols.dwfl(), "main").size() == 1);
  CHECK_EQ(index.modulesRead(), read);  // nothing read again

  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "after_open")) != 0);
  symbols.refresh();
  auto inLibm = index.find(symbols.dwfl(), "cbrt");
  CHECK(!inLibm.empty());
  CHECK(allIn(symbols, inLibm, "libm.so.6"));
  CHECK_EQ(index.modulesRead(), read + 1);  // libm only

  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "after_close")) != 0);
  symbols.refresh();
  CHECK(index.find(symbols.dwfl(), "cbrt").empty());
  CHECK(index.find(symbols.dwfl(), "main").size() == 1);
  CHECK_EQ(index.modulesRead(), read + 1);
  return 0;
}

}  // namespace

int main() {
  if (testModulesReadOnce() != 0) ++failures;
  return summary("symbols_function_index_test");
}
