// ProgramLauncher: fork, PTRACE_TRACEME, execve — or the take-over of a
// terminal's launcher — and clear errors for each way a launch can fail.
#include "process/ProgramLauncher.h"

#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sched.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "process/ElfFileCheck.h"
#include "core/DebugError.h"
#include "replay/SeccompFilter.h"

extern char** environ;

namespace rwd {

namespace {

std::vector<std::string> buildEnvironment(const LaunchRequest& request) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry; ++entry) {
    std::string text(*entry);
    auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : request.env) {
    if (value) merged[name] = *value;
    else merged.erase(name);
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : merged) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Writes errno and a stage name to the parent and exits; used after fork.
[[noreturn]] void childFail(int errorFd, int stage) {
  int payload[2] = {stage, errno};
  (void)!::write(errorFd, payload, sizeof payload);
  _exit(127);
}

// out[0]: the terminal's master side (read by us), out[1]: its slave side.
bool openOutputTerminal(int out[2]) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) return false;
  const char* name = ::ptsname(master);
  int slave = name ? ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
  if (slave < 0) return false;
  termios settings;
  if (::tcgetattr(slave, &settings) == 0) {
    settings.c_oflag &= ~static_cast<tcflag_t>(OPOST);  // keep "\n" as it is
    settings.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(slave, TCSANOW, &settings);
  }
  out[0] = master;
  out[1] = slave;
  return true;
}

constexpr int kLauncherExecSeconds = 10;

double secondsNow() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

[[noreturn]] void abandonLauncher(pid_t pid, const std::string& message) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, __WALL);
  throw DebugError(DebugError::LaunchFailed, message);
}

}  // namespace

void ProgramLauncher::holdWithExitKill(pid_t pid, bool seccompStops) {
  // The child stops itself (SIGSTOP) after PTRACE_TRACEME, or exits when
  // setting up failed (its error is then in the error pipe).
  int status = 0;
  if (::waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) return;
  const uintptr_t options = PTRACE_O_EXITKILL | (seccompStops ? PTRACE_O_TRACESECCOMP : 0);
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(options));
  ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
}

int ProgramLauncher::passSeccompStopsUntilExec(pid_t pid) {
  // Under the native engine's filter the child's execve (or, when it
  // fails, its error report and exit) stops at seccomp stops first.
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, __WALL) != pid) return -1;
    if (!WIFSTOPPED(status) || (status >> 8) != (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) return status;
    ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
  }
}

void ProgramLauncher::checkProgram(const std::string& program) {
  struct stat info;
  if (::stat(program.c_str(), &info) != 0) {
    throw DebugError(
        DebugError::NoSuchFile,
        "The program '" + program +
            "' does not exist. Check the \"program\" path in your launch configuration (build the program first?).");
  }
  if (!S_ISREG(info.st_mode)) {
    throw DebugError(DebugError::NotExecutable,
                     "The program '" + program + "' is not a regular file. \"program\" must name an executable.");
  }
  if (::access(program.c_str(), X_OK) != 0) {
    throw DebugError(
        DebugError::NotExecutable,
        "The program '" + program +
            "' is not executable. Make it executable (chmod +x) or point \"program\" at the built binary.");
  }
  unsigned char header[EI_NIDENT + 4] = {};
  int fd = ::open(program.c_str(), O_RDONLY | O_CLOEXEC);
  ssize_t got = fd >= 0 ? ::read(fd, header, sizeof header) : -1;
  if (fd >= 0) ::close(fd);
  if (got < static_cast<ssize_t>(sizeof header) || std::memcmp(header, ELFMAG, SELFMAG) != 0) {
    throw DebugError(
        DebugError::NotElf,
        "The program '" + program +
            "' is not an ELF executable (scripts cannot be debugged directly). Point \"program\" at the compiled binary.");
  }
  if (header[EI_CLASS] != ELFCLASS64) {
    throw DebugError(DebugError::NotElf,
                     "The program '" + program + "' is a 32-bit ELF file; Rewind debugs 64-bit x86-64 programs.");
  }
  uint16_t machine;
  std::memcpy(&machine, header + 18, sizeof machine);
  if (machine != EM_X86_64) {
    throw DebugError(DebugError::NotElf, "The program '" + program + "' is built for another processor (ELF machine " +
                                             std::to_string(machine) +
                                             "); Rewind debugs x86-64 programs on this machine.");
  }
  if (auto problem = ElfFileCheck::problem(program)) {
    throw DebugError(DebugError::NotElf,
                     "The program '" + program + "' " + *problem + ". Rebuild it (or copy it again).");
  }
}

LaunchedProgram ProgramLauncher::launch(const LaunchRequest& request) {
  checkProgram(request.program);
  if (request.launcherPid > 0) return takeOverLauncher(request.launcherPid);
  // stdout is a pseudo-terminal so the C library line-buffers it and
  // output shows up as it is printed; stderr is one too, so that a program
  // left running by a detach gets EIO from it, not SIGPIPE; stdin /dev/null.
  int out[2], err[2], errors[2];
  if (!openOutputTerminal(out) || !openOutputTerminal(err) || ::pipe2(errors, O_CLOEXEC)) {
    throw DebugError(DebugError::LaunchFailed,
                     std::string("Could not create the program's output streams: ") + std::strerror(errno));
  }
  std::vector<std::string> argStrings{request.program};
  argStrings.insert(argStrings.end(), request.args.begin(), request.args.end());
  std::vector<std::string> envStrings = buildEnvironment(request);
  std::vector<char*> argv = pointersTo(argStrings);
  std::vector<char*> envp = pointersTo(envStrings);

  const std::vector<sock_filter> filter = request.nativeRecording ? SeccompFilter::build() : std::vector<sock_filter>{};
  const pid_t helperPid = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw DebugError(DebugError::LaunchFailed, std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    // Until the helper holds us with PTRACE_O_EXITKILL, its death kills us
    // through the death signal; after that EXITKILL does, and the death
    // signal goes, so that a detach leaves the program running.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != helperPid) _exit(127);  // the helper is gone already
    ::setpgid(0, 0);                           // Ctrl+C in the helper's terminal is not the program's
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(out[1], 1) < 0 || ::dup2(err[1], 2) < 0)
      childFail(errors[1], 1);
    if (!request.cwd.empty() && ::chdir(request.cwd.c_str()) != 0) childFail(errors[1], 2);
    if (request.disableAslr) disableAddressRandomization();
    if (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) childFail(errors[1], 3);
    ::raise(SIGSTOP);  // the helper sets PTRACE_O_EXITKILL here
    ::prctl(PR_SET_PDEATHSIG, 0);
    if (request.nativeRecording) {
      if (request.pinnedCpu >= 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(request.pinnedCpu, &one);
        if (::sched_setaffinity(0, sizeof one, &one) != 0) childFail(errors[1], 6);
      }
      if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !SeccompFilter::install(filter)) childFail(errors[1], 5);
    }
    ::execve(request.program.c_str(), argv.data(), envp.data());
    childFail(errors[1], 4);
  }
  ::close(out[1]);
  ::close(err[1]);
  ::close(errors[1]);
  holdWithExitKill(pid, request.nativeRecording);
  // Natively recorded: the stop after execve (or the end) is waited for first.
  const int afterExec = request.nativeRecording ? passSeccompStopsUntilExec(pid) : 0;
  int payload[2] = {0, 0};
  ssize_t got = ::read(errors[0], payload, sizeof payload);
  ::close(errors[0]);
  if (got == static_cast<ssize_t>(sizeof payload)) {
    int status;
    if (!request.nativeRecording) ::waitpid(pid, &status, __WALL);
    ::close(out[0]);
    ::close(err[0]);
    const char* stage =
        payload[0] == 2   ? "could not change to the working directory '"
        : payload[0] == 3 ? "ptrace(PTRACE_TRACEME) failed for '"
        : payload[0] == 4 ? "execve failed for '"
        : payload[0] == 5
            ? "the kernel refused the seccomp filter that native recording needs (recordEngine \"native\"; use \"step\") for '"
        : payload[0] == 6 ? "could not keep the natively recorded program on one CPU (sched_setaffinity) for '"
                          : "could not set up the standard streams for '";
    std::string subject = payload[0] == 2 ? request.cwd : request.program;
    throw DebugError(DebugError::LaunchFailed,
                     std::string("Launch failed: ") + stage + subject + "': " + std::strerror(payload[1]) + ".");
  }
  // The child stops with SIGTRAP right after a successful execve.
  int status = afterExec;
  if ((!request.nativeRecording && ::waitpid(pid, &status, __WALL) != pid) || status == -1 || !WIFSTOPPED(status) ||
      WSTOPSIG(status) != SIGTRAP) {
    const std::string what =
        WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                                  ::strsignal(WTERMSIG(status)) + ") while the kernel loaded it"
        : WIFEXITED(status)
            ? "exited with status " + std::to_string(WEXITSTATUS(status)) + " before it ran"
            : "stopped with signal " + std::to_string(WSTOPSIG(status)) +
                  " instead of the debugger's stop after execve (another debugger or a seccomp policy?)";
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, __WALL);
    throw DebugError(DebugError::LaunchFailed, "The program '" + request.program + "' " + what + ".");
  }
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  return LaunchedProgram{pid, out[0], err[0]};
}

LaunchedProgram ProgramLauncher::takeOverLauncher(pid_t pid) {
  const std::string launcher = "the terminal's launcher (process " + std::to_string(pid) + ")";
  if (::ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) != 0) {
    throw DebugError(DebugError::LaunchFailed,
                     "Could not take over " + launcher + ": " + std::strerror(errno) +
                         ". Use \"console\": \"internalConsole\" if this system does not let the debugger trace it.");
  }
  int status = 0;
  if (::waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) {
    throw DebugError(DebugError::LaunchFailed, launcher + " ended while the debugger took it over.");
  }
  // From here the launcher execs the program; the kernel reports the exec.
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC));
  ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
  const double deadline = secondsNow() + kLauncherExecSeconds;
  for (;;) {
    pid_t got = ::waitpid(pid, &status, __WALL | WNOHANG);
    if (got == 0) {
      if (secondsNow() > deadline) {
        abandonLauncher(
            pid, launcher + " did not start the program within " + std::to_string(kLauncherExecSeconds) + " seconds.");
      }
      ::usleep(2000);
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 || WIFEXITED(status) || WIFSIGNALED(status)) {
      throw DebugError(DebugError::LaunchFailed,
                       launcher + " ended before it started the program; the terminal says why.");
    }
    if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) break;
    // A signal on the way (not our attach stop): the launcher gets it.
    const int signal = WSTOPSIG(status) == SIGSTOP ? 0 : WSTOPSIG(status);
    ::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(signal)));
  }
  // Stopped right after execve, as a launched program is; its standard
  // streams are the terminal, not ours.
  return LaunchedProgram{pid, -1, -1};
}

}  // namespace rwd
