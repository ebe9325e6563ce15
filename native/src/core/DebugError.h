// DebugError: the one exception the debugger's parts (control, record,
// branch, symbols, process) throw when they cannot do what was asked.
// `kind` says what went wrong in the debugger's own words; what() is the
// sentence the user reads. The parts never see the helper protocol: the
// server turns a DebugError into a response's error code (Dispatcher).
#pragma once

#include <stdexcept>
#include <string>

namespace rwd {

class DebugError : public std::runtime_error {
 public:
  enum Kind {
    BadArgument,      // a value the caller passed cannot be used
    WrongState,       // not now: the program runs, the past is shown, …
    NoSuchFile,       // a path names nothing
    NotExecutable,    // a file that cannot be run
    NotElf,           // a file that is not an ELF program or core
    LaunchFailed,     // the program could not be started
    NoSuchProcess,    // no process has that id
    AttachRefused,    // the system would not let us trace the process
    NoSuchThread,     // no thread has that id
    NoSuchFrame,      // no frame has that id
    NoSuchReference,  // a variables reference that is not (or no longer) known
    BadExpression,    // the user's own expression is wrong
    Unsupported,      // this machine or program cannot do it
  };

  DebugError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace rwd
