// Value commands: setVariable (a variable of a scope, a member or an
// element) and setExpression (any assignable expression in a frame). The
// value is an expression evaluated in the helper and converted to the
// variable's type; registers of frame 0 are written through the thread.
#include <sys/user.h>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"
#include "server/handlers/VariableJson.h"

namespace rwd {

using nlohmann::json;

namespace {

// Writes one general register (x86-64 DWARF numbering) of a stopped thread.
VariableInspector::RegisterWriter registerWriter(Debugger& debugger) {
  return [&debugger](pid_t tid, int number, uint64_t value) {
    Task* task = debugger.process().task(tid);
    if (!task) return false;
    user_regs_struct regs = task->registers();
    unsigned long long* const slots[] = {&regs.rax, &regs.rdx, &regs.rcx, &regs.rbx, &regs.rsi, &regs.rdi,
                                         &regs.rbp, &regs.rsp, &regs.r8,  &regs.r9,  &regs.r10, &regs.r11,
                                         &regs.r12, &regs.r13, &regs.r14, &regs.r15, &regs.rip};
    if (number < 0 || number >= static_cast<int>(std::size(slots))) return false;
    *slots[number] = value;
    task->setRegisters(regs);
    return true;
  };
}

}  // namespace

void registerValueHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  // Both change the program: the Debugger refuses them where it must (a
  // stop inside the recorded history is not written to).
  dispatcher.add("setVariable", [&debugger](const json& arguments) -> json {
    debugger.evaluations().invalidate();
    debugger.requireStopped("change variables");
    debugger.refuseInPast("change a variable");
    const int64_t reference = args::requireInt(arguments, "ref");
    const std::string name = args::requireString(arguments, "name");
    const std::string value = args::requireString(arguments, "value");
    return describeVariableView(
        debugger.variables().setVariable(reference, name, value, formatOptionsOf(arguments), registerWriter(debugger)));
  });
  dispatcher.add("setExpression", [&debugger](const json& arguments) -> json {
    debugger.evaluations().invalidate();
    debugger.requireStopped("change values");
    const std::string expression = args::requireString(arguments, "expression");
    const std::string value = args::requireString(arguments, "value");
    const pid_t tid = args::int32Or(arguments, "tid", debugger.hasProcess() ? debugger.process().processId() : 0);
    Frame frame = debugger.frame(tid, args::int32Or(arguments, "frame", 0));
    debugger.refuseInPast("change an expression's value");
    return describeVariableView(debugger.variables().setExpression(frame, expression, value, formatOptionsOf(arguments),
                                                                   registerWriter(debugger)));
  });
}

}  // namespace rwd
