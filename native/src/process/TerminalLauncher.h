// TerminalLauncher: the small program a client runs in a terminal (DAP
// `runInTerminal`) so that the debuggee gets that terminal as its own:
// `rewind-helper --launch-in-terminal SOCKET HELPER_PID -- PROGRAM ARGS…`.
// It lets the helper trace it (Yama's PR_SET_PTRACER), tells the adapter
// its process id through the Unix socket SOCKET, waits until the helper has
// attached, and then execs the program in place — same process, same
// terminal, same foreground process group, so the program reads what is
// typed and sees a tty. If the adapter gives up first (the socket closes,
// maybe after a line saying why), it says so on the terminal and exits.
#pragma once

namespace rwd {

class TerminalLauncher {
 public:
  // argv as main() got it, argv[1] being "--launch-in-terminal". Returns the
  // exit code when the program could not be started.
  static int run(int argc, char** argv);
};

}  // namespace rwd
