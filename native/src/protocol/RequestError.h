// RequestError: the one exception a request handler throws to answer
// ok:false. `code` is one of the protocol's error codes (ErrorCode, from the
// schema); `message` is a sentence for the user. And the error code of a
// DebugError, the exception the debugger's parts throw (errorCodeOf).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/DebugError.h"
#include "protocol/ProtocolSchema.h"

namespace rwd {

// An error code written by its wire name, RequestError("WrongState", …),
// checked when the program is compiled: a name the schema does not have
// does not compile.
struct ErrorCodeName {
  consteval ErrorCodeName(const char* name) : code(checked(name)) {}
  ErrorCode code;

 private:
  static consteval ErrorCode checked(std::string_view name) {
    const auto code = fromWireName<ErrorCode>(name);
    if (!code) throw "not an error code of native/protocol/helper-protocol.schema.json";
    return *code;
  }
};

class RequestError : public std::runtime_error {
 public:
  RequestError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  RequestError(ErrorCodeName code, const std::string& message) : RequestError(code.code, message) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// The protocol's error code for what a DebugError says went wrong.
constexpr ErrorCode errorCodeOf(DebugError::Kind kind) {
  switch (kind) {
    case DebugError::BadArgument:
      return ErrorCode::BadRequest;
    case DebugError::WrongState:
      return ErrorCode::WrongState;
    case DebugError::NoSuchFile:
      return ErrorCode::NoSuchFile;
    case DebugError::NotExecutable:
      return ErrorCode::NotExecutable;
    case DebugError::NotElf:
      return ErrorCode::NotElf;
    case DebugError::LaunchFailed:
      return ErrorCode::LaunchFailed;
    case DebugError::NoSuchProcess:
      return ErrorCode::NoSuchProcess;
    case DebugError::AttachRefused:
      return ErrorCode::AttachRefused;
    case DebugError::NoSuchThread:
      return ErrorCode::NoSuchThread;
    case DebugError::NoSuchFrame:
      return ErrorCode::NoSuchFrame;
    case DebugError::NoSuchReference:
      return ErrorCode::NoSuchReference;
    case DebugError::BadExpression:
      return ErrorCode::BadExpression;
    case DebugError::Unsupported:
      return ErrorCode::Unsupported;
  }
  return ErrorCode::Internal;
}

}  // namespace rwd
