// The AMD KFD debugger backend against the simulated /dev/kfd: the request
// sequence (version check, enable with a notification fd, query until
// EAGAIN, the runtime answered, a trapped queue suspended, snapshot,
// resume, disable), stop reasons from exception codes, interrupt, memory
// through /proc/PID/mem, and the refusal of a KFD without the debugger
// API. Layouts are checked by KfdDebugAbi.h's static_asserts.
#include <poll.h>

#include <algorithm>
#include <cstring>

#include "gpu/GpuError.h"
#include "gpu/KfdDebugBackend.h"
#include "gpu/sim/SimulatedKfdDevice.h"
#include "support/Check.h"

using namespace rwd;

namespace {

bool readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 0) == 1 && (entry.revents & POLLIN);
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

const char* kScript =
    "queue queue=1 gpu=0x1002 ring=0x7000 ctx=0x9000 ctxsize=0x4000\n"
    "queue queue=2 gpu=0x1002 ring=0x8000\n"
    "memory addr=0x50000 size=64\n"
    "runtime\n"
    "exception queue=1 code=2\n"
    "wait resume\n"
    "exception queue=2 code=5\n"
    "wait resume\n";

void trapSuspendsAndResumes() {
  SimulatedKfdDevice device(SimScript::parse(kScript));
  KfdDebugBackend backend(device);
  backend.attach(4321);
  CHECK((std::vector<std::string>(device.requests().begin(), device.requests().begin() + 2) ==
         std::vector<std::string>{"get_version", "enable"}));
  CHECK(readable(backend.eventFd()));
  CHECK(device.runtimeWaiting());
  auto changes = backend.pollEvents();
  CHECK(!readable(backend.eventFd()));
  CHECK(!device.runtimeWaiting());  // answered with SEND_RUNTIME_EVENT
  CHECK(contains(device.requests(), "send_runtime_event"));
  CHECK(contains(device.requests(), "suspend 1"));
  CHECK(device.requests().back() == "query");  // queried until EAGAIN
  CHECK(device.suspended() == std::set<uint32_t>{1});
  auto threads = backend.threads();
  CHECK(threads.size() == 1);
  if (threads.size() != 1) return;
  CHECK(threads[0].queue == "queue 1");
  CHECK(threads[0].device == "AMD GPU 0x1002");
  CHECK(threads[0].stopReason == "breakpoint");
  CHECK(changes.back().log == "suspended queues=1 reason=breakpoint");

  auto registers = backend.registers(threads[0].id);
  auto ring =
      std::find_if(registers.begin(), registers.end(), [](const GpuRegister& r) { return r.name == "ring_base"; });
  CHECK(ring != registers.end());
  uint64_t base = 0;
  if (ring != registers.end()) std::memcpy(&base, ring->value.data(), 8);
  CHECK(base == 0x7000);

  auto bytes = backend.readMemory(threads[0].id, 0x50004, 4);
  CHECK(bytes == std::vector<uint8_t>({4, 5, 6, 7}));
  backend.writeMemory(threads[0].id, 0x50004, {9, 9});
  CHECK(backend.readMemory(threads[0].id, 0x50004, 3) == std::vector<uint8_t>({9, 9, 6}));

  std::string message;
  try {
    backend.programCounter(threads[0].id);
  } catch (const GpuError& error) { message = error.what(); }
  CHECK(message.find("does not decode yet") != std::string::npos);

  backend.resume({});
  CHECK(contains(device.requests(), "resume 1"));
  changes = backend.pollEvents();
  threads = backend.threads();
  CHECK(threads.size() == 1 && threads[0].queue == "queue 2" && threads[0].stopReason == "exception");
  CHECK(!changes.empty() && changes.back().description == "exception: memory violation");

  // Interrupt: the running queue (1) is suspended; the stop arrives as an event.
  backend.interruptAll();
  CHECK(readable(backend.eventFd()));
  changes = backend.pollEvents();
  CHECK(!changes.empty() && changes.front().stopReason == "pause");
  CHECK(backend.threads().size() == 2);
  backend.detach();
  CHECK(device.requests().back() == "disable");
  CHECK(device.suspended().empty());
}

void oldKfdIsRefusedWithASentence() {
  SimulatedKfdDevice device(SimScript::parse("version minor=11\n"));
  KfdDebugBackend backend(device);
  std::string message;
  try {
    backend.attach(1);
  } catch (const GpuError& error) { message = error.what(); }
  CHECK(message.find("version 1.11") != std::string::npos);
  CHECK(message.find("needs 1.13") != std::string::npos);
  CHECK(!contains(device.requests(), "enable"));
}

}  // namespace

int main() {
  trapSuspendsAndResumes();
  oldKfdIsRefusedWithASentence();
  if (checkFailures()) std::fprintf(stderr, "gpu_kfd_debug_test: %d check(s) failed\n", checkFailures());
  else std::printf("gpu_kfd_debug_test: all checks passed\n");
  return checkFailures() ? 1 : 0;
}
