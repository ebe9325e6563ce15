// ConditionText: a condition quoted in a stop's description is whole when
// short and cut (at a UTF-8 character boundary, with its length) when long;
// so is the reason it could not be evaluated.
#include <cstdio>
#include <string>

#include "control/ConditionText.h"
#include "support/Check.h"

using namespace rwd;

namespace {

bool validUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

void testShortIsWhole() {
  CHECK(conditionFailure("i > 3", "no i here") == "condition 'i > 3' could not be evaluated: no i here");
  CHECK(shortenedText("abc", 3) == "abc");
}

void testLongIsCut() {
  std::string condition = "no_such_name > 1";
  while (condition.size() < 10240) condition += " && i == i";
  const std::string text = conditionFailure(condition, "'no_such_name' is not a variable here: " + condition);
  CHECK(text.size() < 500);
  CHECK(text.rfind("condition 'no_such_name > 1 && i == i", 0) == 0);
  CHECK(text.find("… (" + std::to_string(condition.size()) + " characters)' could not be evaluated: ") !=
        std::string::npos);
  CHECK(text.find("'no_such_name' is not a variable here") != std::string::npos);
}

void testCutKeepsCharactersWhole() {
  // "é" is two bytes: a cut at an odd byte count would split one.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "é";
  for (size_t limit = 1; limit < 12; ++limit) {
    const std::string cut = shortenedText(accented, limit);
    CHECK(validUtf8(cut));
    CHECK(cut.find("(100 characters)") != std::string::npos);
  }
}

}  // namespace

int main() {
  testShortIsWhole();
  testLongIsCut();
  testCutKeepsCharactersWhole();
  if (checkFailures() != 0) {
    std::fprintf(stderr, "control_condition_text_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("control_condition_text_test: all checks passed\n");
  return 0;
}
