// rewind-helper: the native half of Rewind. Serves the newline-delimited
// JSON protocol of PROTOCOL.md on stdin/stdout; logs go to stderr. With
// --launch-in-terminal it is instead the launcher a client's terminal runs
// (TerminalLauncher).
#include <unistd.h>

#include <cstring>
#include <iostream>

#include "process/TerminalLauncher.h"
#include "server/HelperServer.h"

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--version") == 0)) {
    std::cout << "rewind-helper 0.1.0\n";
    return 0;
  }
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0)) {
    std::cout << "rewind-helper: reads JSON requests, one per line, on stdin; see native/PROTOCOL.md.\n";
    return 0;
  }
  // In a client's terminal: start the program there for the helper (runInTerminal).
  if (argc > 1 && std::strcmp(argv[1], "--launch-in-terminal") == 0) return rwd::TerminalLauncher::run(argc, argv);
  rwd::HelperServer server(STDIN_FILENO, STDOUT_FILENO);
  return server.run();
}
