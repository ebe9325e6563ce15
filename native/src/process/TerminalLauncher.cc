// TerminalLauncher: announce, wait to be traced, exec.
#include "process/TerminalLauncher.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "process/LaunchRequest.h"

namespace rwd {

namespace {

constexpr int kWaitSeconds = 60;

bool beingTraced() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return std::atoi(line.c_str() + 10) != 0;
  }
  return false;
}

int connectTo(const char* path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (std::strlen(path) >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  std::strcpy(address.sun_path, path);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

double secondsNow() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Waits until the helper traces this process. False (after saying why) when
// the adapter closed the socket or nothing happened in time.
bool waitForTracer(int socket) {
  const double deadline = secondsNow() + kWaitSeconds;
  std::string said;
  while (!beingTraced()) {
    if (secondsNow() > deadline) {
      std::fprintf(stderr, "Rewind: the debugger did not take over this terminal within %d seconds; giving up.\n",
                   kWaitSeconds);
      return false;
    }
    pollfd ready{socket, POLLIN, 0};
    if (::poll(&ready, 1, 10) <= 0) continue;
    char buffer[512];
    ssize_t got = ::read(socket, buffer, sizeof buffer);
    if (got > 0) {
      said.append(buffer, static_cast<size_t>(got));
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (beingTraced()) return true;
    while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
    std::fprintf(stderr, "Rewind: %s\n",
                 said.empty() ? "the debugger ended before it started the program." : said.c_str());
    return false;
  }
  return true;
}

}  // namespace

int TerminalLauncher::run(int argc, char** argv) {
  const bool disableAslr = argc > 4 && std::strcmp(argv[4], "--disable-aslr") == 0;
  if (disableAslr) {
    // The option goes; PROGRAM stays at argv[5].
    for (int i = 4; i < argc; ++i) argv[i] = argv[i + 1];
    --argc;
  }
  if (argc < 6 || std::strcmp(argv[4], "--") != 0) {
    std::fprintf(stderr,
                 "usage: %s --launch-in-terminal SOCKET HELPER_PID [--disable-aslr] -- PROGRAM [ARGS...]\n"
                 "(run by a debug client's terminal for Rewind; not meant to be typed)\n",
                 argv[0]);
    return 2;
  }
  const char* socketPath = argv[2];
  const long helper = std::strtol(argv[3], nullptr, 10);
  // Where Yama allows only ancestors to trace, name the helper instead.
  if (helper > 0) ::prctl(PR_SET_PTRACER, static_cast<unsigned long>(helper), 0, 0, 0);
  int socket = connectTo(socketPath);
  if (socket < 0) {
    std::fprintf(stderr, "Rewind: cannot reach the debugger at %s: %s\n", socketPath, std::strerror(errno));
    return 1;
  }
  const std::string announcement = std::to_string(::getpid()) + "\n";
  if (::write(socket, announcement.data(), announcement.size()) != static_cast<ssize_t>(announcement.size())) {
    std::fprintf(stderr, "Rewind: cannot talk to the debugger: %s\n", std::strerror(errno));
    return 1;
  }
  if (!waitForTracer(socket)) return 1;
  if (disableAslr) disableAddressRandomization();
  ::execv(argv[5], argv + 5);
  std::fprintf(stderr, "Rewind: cannot run %s: %s\n", argv[5], std::strerror(errno));
  return 127;
}

}  // namespace rwd
