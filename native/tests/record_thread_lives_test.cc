// ThreadLives: a thread exists from its birth (the earliest of its clone's
// return and its first step) up to the serial at which it is gone; threads
// are listed at a serial only within their lives, in thread id order.
#include <vector>

#include "record/ThreadLives.h"
#include "support/Check.h"

using rwd::ThreadLives;

int main() {
  ThreadLives lives;
  lives.born(100, 0);  // there before the recording
  lives.name(100, "main");
  // A worker's first step logged at serial 40, its clone's entry at 44
  // (the parent's system call completed later): born at 40.
  lives.born(101, 40);
  lives.born(101, 45);
  lives.name(101, "worker");
  CHECK(lives.life(101)->born == 40);
  CHECK(!lives.existsAt(101, 39));
  CHECK(lives.existsAt(101, 40));
  // A second worker born at 50 and gone at 90: absent from 90 on.
  lives.born(102, 50);
  lives.gone(102, 90);
  CHECK(lives.existsAt(102, 89));
  CHECK(!lives.existsAt(102, 90));
  CHECK((lives.existingAt(10) == std::vector<pid_t>{100}));
  CHECK((lives.existingAt(60) == std::vector<pid_t>{100, 101, 102}));
  CHECK((lives.existingAt(95) == std::vector<pid_t>{100, 101}));
  CHECK((lives.living() == std::vector<pid_t>{100, 101}));
  // Names: kept, and an empty name does not erase one.
  lives.name(101, "");
  CHECK(lives.life(101)->name == "worker");
  CHECK(lives.life(103) == nullptr);
  CHECK(!lives.existsAt(103, 0));
  // A thread gone that was never seen born existed before the history.
  lives.gone(104, 5);
  CHECK(lives.existsAt(104, 4));
  CHECK(!lives.existsAt(104, 5));
  return checkFailures() == 0 ? 0 : 1;
}
