// HelperServer: poll loop over requests, program output and child events.
#include "server/HelperServer.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "server/handlers/Handlers.h"

namespace rwd {

HelperServer::HelperServer(int inputFd, int outputFd)
    : inputFd_(inputFd), writer_(outputFd), reader_(inputFd), dispatcher_(writer_), debugger_(writer_) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGHUP);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  signalFd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  ::signal(SIGPIPE, SIG_IGN);
  registerSessionHandlers(dispatcher_, debugger_, [this] { exitRequested_ = true; });
  registerBreakpointHandlers(dispatcher_, debugger_);
  registerExecutionHandlers(dispatcher_, debugger_);
  registerInspectionHandlers(dispatcher_, debugger_);
  registerDataBreakpointHandlers(dispatcher_, debugger_);
  registerExceptionHandlers(dispatcher_, debugger_);
  registerReverseHandlers(dispatcher_, debugger_);
  registerMemoryHandlers(dispatcher_, debugger_);
  registerDisassemblyHandlers(dispatcher_, debugger_);
  registerModuleHandlers(dispatcher_, debugger_);
  registerValueHandlers(dispatcher_, debugger_);
  registerInstructionBreakpointHandlers(dispatcher_, debugger_);
  registerBranchHandlers(dispatcher_, debugger_);
  registerEditorHandlers(dispatcher_, debugger_);
  registerGpuHandlers(dispatcher_, debugger_);
  dispatcher_.checkEveryRequestHandled();
}

HelperServer::~HelperServer() {
  if (signalFd_ >= 0) ::close(signalFd_);
}

void HelperServer::onSignal() {
  signalfd_siginfo info;
  bool childEvent = false;
  while (::read(signalFd_, &info, sizeof info) == sizeof info) {
    if (info.ssi_signo == SIGCHLD) childEvent = true;
    else exitRequested_ = true;  // SIGTERM/SIGHUP/SIGINT: end the session cleanly
  }
  if (childEvent) debugger_.onProcessEvents();
}

int HelperServer::run() {
  while (!exitRequested_) {
    std::vector<pollfd> fds{{inputFd_, POLLIN, 0}, {signalFd_, POLLIN, 0}};
    for (int fd : debugger_.outputFds()) fds.push_back({fd, POLLIN, 0});
    // While the program runs as recorded steps, only peek at the fds.
    int ready = ::poll(fds.data(), fds.size(), debugger_.hasBackgroundWork() ? 0 : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    // Child events first: a stop must be known before the next request.
    if (fds[1].revents) onSignal();
    for (size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents) debugger_.onOutputReadable(fds[i].fd);
    }
    if (fds[0].revents) {
      bool eof = false;
      for (const auto& line : reader_.readAvailable(eof)) {
        dispatcher_.dispatchLine(line);
        // A request may have left a stop waiting (a step that finished at
        // once): handle it now rather than on the next wake-up.
        debugger_.onProcessEvents();
        if (exitRequested_) break;
      }
      if (eof) break;
    }
    if (debugger_.hasBackgroundWork()) debugger_.runBackground();
  }
  debugger_.end(debugger_.launchedByUs());
  return 0;
}

}  // namespace rwd
