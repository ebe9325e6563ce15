// The Intel Xe eudebug backend against the simulated Xe device, IGT-style:
// the client's log of what it created must equal the debugger's log of
// what it saw (events delivered out of order, applied by seqno; buffers
// too small grown and retried; ufences acked), attention bitmasks decoded
// into threads, registers from the state save area, VM reads and writes,
// a breakpoint bit set in GPU code and a stop on it, resume by bitmask.
#include <poll.h>

#include <algorithm>
#include <cstring>

#include "gpu/GpuError.h"
#include "gpu/XeEudebugBackend.h"
#include "gpu/sim/SimulatedXeDevice.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

// A check the rest of a case depends on: counted, then the case ends.
#define MUST(cond)                                \
  do {                                            \
    if (!(cond)) {                                \
      CHECK(cond);                                \
      throw std::runtime_error("case abandoned"); \
    }                                             \
  } while (0)

namespace {

template <typename Case>
void runCase(const char* name, Case body) {
  try {
    body();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", name, error.what());
    ++failures;
  }
}

std::vector<std::string> logOf(const std::vector<GpuChange>& changes) {
  std::vector<std::string> log;
  for (const auto& change : changes)
    if (change.log.rfind("code object", 0) != 0) log.push_back(change.log);
  return log;
}

bool readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 0) == 1 && (entry.revents & POLLIN);
}

std::string script(const CompiledProgram& kernel, const std::string& body) {
  return "client client=1\n"
         "vm client=1 vm=2\n"
         "exec_queue client=1 vm=2 queue=3 class=4 lrcs=5\n"
         "metadata client=1 handle=7 type=4 slices=1 subslices=2 eus=8 "
         "threads=8\n"
         "bind client=1 vm=2 addr=0x200000 metadata=7\n"
         "metadata client=1 handle=8 type=0 file=" +
         kernel.binary.string() + "\n" + "bind client=1 vm=2 addr=0x10000 metadata=8\n" + body;
}

void eventsInSeqnoOrderAreSeenAsCreated(const CompiledProgram& kernel) {
  SimulatedXeDevice device(SimScript::parse("shuffle\n" + script(kernel,
                                                                 "attention queue=3 lrc=5 threads=0.1.7.7,0.0.1.3 "
                                                                 "pc=@kernel.c:10\n")));
  XeEudebugBackend backend(device, "/dev/dri/renderD128");
  backend.attach(4242);
  CHECK(device.connectedPid() == 4242);
  CHECK(readable(backend.eventFd()));
  auto changes = backend.pollEvents();
  CHECK_EQ(logOf(changes), device.clientLog());
  // The binds' ufences are held until the debugger lets them go.
  CHECK_EQ(device.unacknowledged(), size_t(2));
  backend.releaseHeldEvents();
  CHECK(!readable(backend.eventFd()));
  // The attention event (56 + 16 bytes of bitmask) did not fit the first
  // buffer.
  CHECK(backend.eventBufferGrowths() >= 1);
  CHECK(backend.eventBufferSize() >= 72);
  CHECK_EQ(device.unacknowledged(), size_t(0));
  CHECK_EQ(device.queuedEvents(), size_t(0));
  CHECK_EQ(backend.codeObjects().size(), size_t(1));

  auto threads = backend.threads();
  MUST(threads.size() == 2);
  CHECK_EQ(threads[0].unit, std::string("EU 0.0.1"));
  CHECK_EQ(threads[0].lane, std::string("thread 3"));
  CHECK_EQ(threads[1].unit, std::string("EU 0.1.7"));
  CHECK_EQ(threads[1].lane, std::string("thread 7"));
  CHECK_EQ(threads[0].queue, std::string("exec queue 3 (lrc 5)"));
  CHECK_EQ(threads[0].device, std::string("Intel Xe renderD128"));
  // No breakpoint bit at the pc: the SIP was entered for an exception.
  CHECK_EQ(threads[0].stopReason, std::string("exception"));

  // Registers from the state save area: r<i>.0 = (linear index << 8) | i.
  auto registers = backend.registers(threads[1].id);
  auto r2 = std::find_if(registers.begin(), registers.end(), [](const GpuRegister& r) { return r.name == "r2"; });
  MUST(r2 != registers.end());
  uint32_t value = 0;
  std::memcpy(&value, r2->value.data(), 4);
  uint32_t linear = ((0 * 2 + 1) * 8 + 7) * 8 + 7;
  CHECK_EQ(value, (linear << 8) | 2u);
  CHECK_EQ(r2->value.size(), size_t(32));

  // The pc and its source line through the code object's DWARF.
  uint64_t pc = backend.programCounter(threads[0].id);
  auto place = backend.codeObjects()[0]->placeOf(pc);
  MUST(place.has_value());
  CHECK_EQ(place->line, markerLine(kernel.source, "add"));
  CHECK_EQ(place->function, std::string("vector_add"));

  // VM memory: the code object's bytes are at its bind address; a write
  // reads back; an unmapped address is an error that names it.
  auto head = backend.readMemory(threads[0].id, 0x10000, 4);
  CHECK(head == std::vector<uint8_t>({0x7f, 'E', 'L', 'F'}));
  backend.writeMemory(threads[0].id, 0x10100, {1, 2, 3});
  CHECK(backend.readMemory(threads[0].id, 0x10100, 3) == std::vector<uint8_t>({1, 2, 3}));
  bool failed = false;
  try {
    backend.readMemory(threads[0].id, 0x900000, 4);
  } catch (const GpuError& error) { failed = std::string(error.what()).find("0x900000") != std::string::npos; }
  CHECK(failed);

  // Resume one thread: the EU control bitmask names exactly that thread.
  backend.resume({threads[1].id});
  CHECK_EQ(device.requests().back(), std::string("eu_control resume queue=3 threads=0.1.7.7"));
  CHECK_EQ(backend.threads().size(), size_t(1));
  backend.resume({});
  CHECK(backend.threads().empty());
  CHECK(device.finished());
}

void breakpointBitStopsTheThreads(const CompiledProgram& kernel) {
  std::string body =
      "wait resume\n"
      "run queue=3 lrc=5 threads=0.0.0.1 from=@kernel.c:10 "
      "to=@kernel.c:12\n"
      "wait resume\n"
      "run queue=3 lrc=5 threads=0.0.0.1 from=@kernel.c:10 "
      "to=@kernel.c:12\n"
      "exec_queue client=1 vm=2 queue=3 lrcs=5 destroy=1\n"
      "vm client=1 vm=2 destroy=1\n"
      "client client=1 destroy=1\n";
  // A first stage that stops nothing would run on: hold it with a thread.
  SimulatedXeDevice device(
      SimScript::parse(script(kernel, "attention queue=3 lrc=5 threads=0.0.0.0 pc=@kernel.c:5\n" + body)));
  XeEudebugBackend backend(device, "/dev/dri/renderD128");
  backend.attach(7);
  backend.pollEvents();
  backend.releaseHeldEvents();
  auto object = backend.codeObjects().at(0);
  auto addresses = object->addressesOf("kernel.c", markerLine(kernel.source, "store"));
  MUST(!addresses.empty());
  backend.insertBreakpoint(addresses.front());
  backend.resume({});
  auto changes = backend.pollEvents();
  auto stop =
      std::find_if(changes.begin(), changes.end(), [](const GpuChange& c) { return !c.stoppedThreads.empty(); });
  MUST(stop != changes.end());
  CHECK_EQ(stop->stopReason, std::string("breakpoint"));
  uint64_t pc = backend.programCounter(stop->stoppedThreads.front());
  CHECK_EQ(pc, addresses.front());
  CHECK_EQ(object->placeOf(pc)->line, markerLine(kernel.source, "store"));
  // Without the breakpoint the next run finishes.
  backend.removeBreakpoint(addresses.front());
  backend.resume({});
  changes = backend.pollEvents();
  CHECK(std::none_of(changes.begin(), changes.end(), [](const GpuChange& c) { return !c.stoppedThreads.empty(); }));
  CHECK_EQ(logOf(changes).back(), std::string("client destroy client=1"));
  CHECK(device.finished());
}

void interruptStopsRunningThreads(const CompiledProgram& kernel) {
  SimulatedXeDevice device(
      SimScript::parse(script(kernel, "running queue=3 lrc=5 threads=0.1.2.0,0.1.2.1 pc=@kernel.c:5\n")));
  XeEudebugBackend backend(device, "/dev/dri/renderD128");
  backend.attach(7);
  backend.pollEvents();
  backend.releaseHeldEvents();
  CHECK(backend.threads().empty());
  backend.interruptAll();
  CHECK(readable(backend.eventFd()));
  auto changes = backend.pollEvents();
  MUST(!changes.empty());
  CHECK_EQ(changes.back().stopReason, std::string("pause"));
  CHECK_EQ(changes.back().stoppedThreads.size(), size_t(2));
  CHECK_EQ(logOf(changes).back(), device.clientLog().back());
}

void connectRefusalsAreSentences() {
  SimulatedXeDevice device(SimScript::parse(""), "/dev/dri/renderD129");
  XeEudebugBackend backend(device, "/dev/dri/renderD128");
  std::string message;
  try {
    backend.attach(1);
  } catch (const GpuError& error) { message = error.what(); }
  CHECK(message.find("cannot open /dev/dri/renderD128") != std::string::npos);
}

}  // namespace

// The stand-in GPU kernel of the DAP tests (test/fixtures/gpu_kernel),
// built here as the fixtures build it.
CompiledProgram compileKernel() {
  char pattern[] = "/tmp/rwd-gpu-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  CompiledProgram kernel;
  kernel.directory = pattern;
  temporaryDirectories.push_back(kernel.directory);
  kernel.source = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "test" / "fixtures" /
                  "gpu_kernel" / "kernel.c";
  kernel.binary = kernel.directory / "gpu_kernel.so";
  std::string command =
      "gcc -g -O0 -shared -nostdlib -fPIC -o '" + kernel.binary.string() + "' '" + kernel.source.string() + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("compiling failed: " + command);
  return kernel;
}

int main() {
  auto kernel = compileKernel();
  runCase("events", [&] { eventsInSeqnoOrderAreSeenAsCreated(kernel); });
  runCase("breakpoint", [&] { breakpointBitStopsTheThreads(kernel); });
  runCase("interrupt", [&] { interruptStopsRunningThreads(kernel); });
  runCase("refusal", [&] { connectRefusalsAreSentences(); });
  return summary("gpu_xe_eudebug_test");
}
