// Unit test of HitCondition: each form, counting, and the error for text it
// does not understand.
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
