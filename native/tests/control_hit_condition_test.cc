// Unit test of HitCondition: each form, counting, judging a numbered hit
// without counting (a hit found in a recorded past), and the error for text
// it does not understand.
#include <cstdio>
#include <string>
#include <vector>

#include "control/HitCondition.h"
#include "core/DebugError.h"
#include "support/Check.h"

namespace {

// Which of the first `hits` hits stop (1-based).
std::vector<int> stoppingHits(const std::string& text, int hits) {
  auto condition = rwd::HitCondition::parse(text);
  std::vector<int> stops;
  for (int hit = 1; hit <= hits; ++hit) {
    if (condition.countHit()) stops.push_back(hit);
  }
  return stops;
}

}  // namespace

int main() {
  checkThat(stoppingHits("", 3) == std::vector<int>{1, 2, 3}, "empty stops every time");
  checkThat(stoppingHits("== 10", 12) == std::vector<int>{10}, "== 10 stops at the tenth hit only");
  checkThat(stoppingHits("10", 12) == std::vector<int>{10}, "plain 10 means == 10");
  checkThat(stoppingHits(">= 5", 7) == std::vector<int>{5, 6, 7}, ">= 5");
  checkThat(stoppingHits("> 2", 4) == std::vector<int>{3, 4}, "> 2");
  checkThat(stoppingHits("% 3", 9) == std::vector<int>{3, 6, 9}, "% 3 stops every third hit");
  checkThat(stoppingHits("  >=2  ", 3) == std::vector<int>{2, 3}, "spaces are allowed");
  // holdsAt judges a hit by its number, as countHit does, and counts nothing.
  for (const char* text : {"", "== 4", ">= 2", "> 3", "% 2"}) {
    const auto judged = rwd::HitCondition::parse(text);
    std::vector<int> numbered;
    for (int hit = 1; hit <= 6; ++hit) {
      if (judged.holdsAt(hit)) numbered.push_back(hit);
    }
    checkThat(numbered == stoppingHits(text, 6), std::string("holdsAt agrees with countHit for '") + text + "'");
    checkThat(judged.hits() == 0, "holdsAt counts nothing");
  }
  checkThat(!rwd::HitCondition::parse("% 2").holdsAt(0) && !rwd::HitCondition::parse("% 2").holdsAt(-2),
            "a hit numbered 0 or less (before the breakpoint counted) is no multiple");
  for (const char* bad : {"abc", ">= x", "% 0", "== -1", "5 apples", "<= 3"}) {
    try {
      rwd::HitCondition::parse(bad);
      checkThat(false, std::string("'") + bad + "' is refused");
    } catch (const rwd::DebugError& error) {
      checkThat(error.kind() == rwd::DebugError::BadArgument, std::string("'") + bad + "' gives BadArgument");
      checkThat(std::string(error.what()).find("'== 10'") != std::string::npos, "the message shows an example");
    }
  }
  return checkSummary("control_hit_condition_test");
}
