// FunctionCallPolicy: whether `evaluate` may call the program's functions
// (`f(1, 2)`) where it runs, and the runner that does it. Refused, each with
// its reason: for hovers (VS Code evaluates them on its own as the mouse
// moves, and a hover must not change the program), in a core file, in the
// recorded past, and while a recording is active (the call would change
// the program outside the recording).
#pragma once

#include <string>

#include "server/Debugger.h"
#include "symbols/MachineCall.h"

namespace rwd {

// `context` is DAP's evaluate context ("hover", "watch", "repl", …; empty: none given).
CallPolicy functionCallPolicy(Debugger& debugger, pid_t tid, const std::string& context);

}  // namespace rwd
