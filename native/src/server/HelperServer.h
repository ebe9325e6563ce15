// HelperServer: the helper's event loop. It waits on stdin (requests), the
// program's output pipes and SIGCHLD (through a signalfd), and hands each
// to the dispatcher or the debugger. Ends when stdin closes or on
// disconnect.
#pragma once

#include "protocol/LineReader.h"
#include "protocol/MessageWriter.h"
#include "server/Debugger.h"
#include "server/Dispatcher.h"

namespace rwd {

class HelperServer {
 public:
  HelperServer(int inputFd, int outputFd);
  ~HelperServer();
  int run();

 private:
  void onSignal();

  int inputFd_;
  int signalFd_ = -1;
  MessageWriter writer_;
  LineReader reader_;
  Dispatcher dispatcher_;
  Debugger debugger_;
  bool exitRequested_ = false;
};

}  // namespace rwd
