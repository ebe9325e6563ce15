// Unit tests for DebugRegisterSync with a recording writer (no tracee):
// every thread gets the committed mirror, threads created later get it
// too, exited threads are no longer written, a thread that refuses a new
// mirror makes the others go back to the previous one, and a stop's hits
// are read from the stopped thread's status and then cleared.
#include "support/Check.h"
#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/DebugRegisterSync.h"

#include <cerrno>
#include <cstdio>
#include <map>
#include <set>
#include <system_error>
#include <vector>

using namespace rwd;

namespace {

// Records what each thread holds; can be told to refuse writes to a
// thread, and to report a status word per thread.
class RecordingWriter : public DebugRegisterWriter {
 public:
  void apply(pid_t tid, const DebugRegisterMirror& mirror) override {
    applyCalls.push_back(tid);
    if (refuse.count(tid)) {
      throw std::system_error(EINVAL, std::generic_category(), "thread " + std::to_string(tid) + " refused");
    }
    holds[tid] = mirror;
  }
  uint64_t readStatus(pid_t tid) override { return status[tid]; }
  void clearStatus(pid_t tid) override {
    cleared.push_back(tid);
    status[tid] &= ~uint64_t{0xf};
  }
  void forgetThread(pid_t tid) override { forgotten.push_back(tid); }
  void noteNewThread(pid_t tid) override { announcedNew.push_back(tid); }

  std::map<pid_t, DebugRegisterMirror> holds;
  std::vector<pid_t> applyCalls;
  std::vector<pid_t> forgotten;
  std::vector<pid_t> announcedNew;
  std::vector<pid_t> cleared;
  std::set<pid_t> refuse;
  std::map<pid_t, uint64_t> status;
};

DebugRegisterMirror mirrorWith(uint64_t address, uint8_t length, const std::string& owner) {
  DebugRegisterAllocator allocator;
  WatchChange change = allocator.insertWatch(address, length, WatchKind::write, owner);
  CHECK(change.ok);
  return allocator.mirror();
}

void testEveryThreadAndLaterThreads() {
  RecordingWriter writer;
  DebugRegisterSync sync(writer);
  sync.addThread(100);
  sync.addThread(101);
  CHECK(writer.holds[100] == DebugRegisterMirror{});
  CHECK((writer.forgotten == std::vector<pid_t>{100, 101}));

  const DebugRegisterMirror first = mirrorWith(0x1000, 8, "a");
  sync.commit(first);
  CHECK(sync.mirror() == first);
  CHECK(writer.holds[100] == first);
  CHECK(writer.holds[101] == first);

  sync.onThreadCreated(102);
  CHECK(writer.holds[102] == first);
  CHECK((writer.announcedNew == std::vector<pid_t>{102}));  // not 100, 101
  CHECK((sync.threads() == std::set<pid_t>{100, 101, 102}));

  sync.onThreadExited(101);
  CHECK(writer.forgotten.back() == 101);
  CHECK((sync.threads() == std::set<pid_t>{100, 102}));
  writer.applyCalls.clear();
  const DebugRegisterMirror second = mirrorWith(0x2000, 4, "b");
  sync.commit(second);
  CHECK((writer.applyCalls == std::vector<pid_t>{100, 102}));
  CHECK(writer.holds[101] == first);  // gone, not written
  CHECK(writer.holds[102] == second);
}

void testRefusedMirrorIsTakenBack() {
  RecordingWriter writer;
  DebugRegisterSync sync(writer);
  sync.addThread(200);
  sync.addThread(201);
  sync.addThread(202);
  const DebugRegisterMirror first = mirrorWith(0x1000, 8, "a");
  sync.commit(first);

  writer.refuse.insert(201);
  const DebugRegisterMirror second = mirrorWith(0x3000, 2, "b");
  bool threw = false;
  try {
    sync.commit(second);
  } catch (const std::system_error& error) {
    threw = std::string(error.what()).find("thread 201 refused") != std::string::npos;
  }
  CHECK(threw);
  CHECK(sync.mirror() == first);
  CHECK(writer.holds[200] == first);  // got `second`, then `first` back
  CHECK(writer.holds[201] == first);  // never changed
  CHECK(writer.holds[202] == first);  // never reached
}

void testHitsComeFromTheStoppedThread() {
  RecordingWriter writer;
  DebugRegisterSync sync(writer);
  sync.addThread(300);
  sync.addThread(301);
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "data breakpoint 'a' (id 1)").ok);
  CHECK(allocator.insertWatch(0x2000, 1, WatchKind::execute, "hardware breakpoint (id 2)").ok);
  sync.commit(allocator.mirror());

  writer.status[300] = 0xffff4ff1;  // B0 and BS set, reserved bits as read
  writer.status[301] = 0xffff0ff2;  // B1
  std::vector<DebugRegisterHit> hits = sync.takeHits(300);
  CHECK(hits.size() == 1);
  if (hits.size() == 1) {
    CHECK(hits[0].slot == 0);
    CHECK(hits[0].state.address == 0x1000);
    CHECK(hits[0].state.owners == std::vector<std::string>{"data breakpoint 'a' (id 1)"});
  }
  CHECK((writer.cleared == std::vector<pid_t>{300}));
  CHECK(sync.takeHits(300).empty());  // cleared: the old hit is not reported again

  hits = sync.takeHits(301);
  CHECK(hits.size() == 1 && hits[0].slot == 1);

  // A status with only single-step, or with the bit of a free slot, is no hit.
  writer.cleared.clear();
  writer.status[300] = 0x4000;
  CHECK(sync.takeHits(300).empty());
  CHECK(writer.cleared.empty());
  writer.status[300] = 0x8;
  CHECK(sync.takeHits(300).empty());
  CHECK((writer.cleared == std::vector<pid_t>{300}));
}

void testFailedAddStillTracksTheThread() {
  RecordingWriter writer;
  DebugRegisterSync sync(writer);
  writer.refuse.insert(400);
  bool threw = false;
  try {
    sync.onThreadCreated(400);
  } catch (const std::system_error&) { threw = true; }
  CHECK(threw);
  CHECK(sync.threads().count(400) == 1);
  writer.refuse.clear();
  const DebugRegisterMirror first = mirrorWith(0x1000, 8, "a");
  sync.commit(first);
  CHECK(writer.holds[400] == first);
}

}  // namespace

int main() {
  testEveryThreadAndLaterThreads();
  testRefusedMirrorIsTakenBack();
  testHitsComeFromTheStoppedThread();
  testFailedAddStillTracksTheThread();
  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_sync_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_sync_test: all checks passed\n");
  return 0;
}
