// Generated from native/protocol/helper-protocol.schema.json by .ci/protocol.mjs: do not edit; change the schema and run `node .ci/protocol.mjs`.
// The protocol's finite sets as C++ enums, and each value's name on the
// wire: wireName(StopReason::InstructionBreakpoint) is "instruction
// breakpoint"; fromWireName<RecordMode>("fromMain") reads one back. And
// the name of every request and event the schema declares.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace rwd {

template <typename Enum>
struct WireNames;

// The error codes the helper puts in `error.code`.
enum class ErrorCode {
  BadRequest,
  UnknownCommand,
  WrongState,
  NoSuchFile,
  NotExecutable,
  NotElf,
  LaunchFailed,
  NoSuchProcess,
  AttachRefused,
  NoSuchThread,
  NoSuchFrame,
  NoSuchReference,
  BadExpression,
  Unsupported,
  Internal,
};

template <>
struct WireNames<ErrorCode> {
  static constexpr std::array<std::string_view, 15> names = {
      "BadRequest",
      "UnknownCommand",
      "WrongState",
      "NoSuchFile",
      "NotExecutable",
      "NotElf",
      "LaunchFailed",
      "NoSuchProcess",
      "AttachRefused",
      "NoSuchThread",
      "NoSuchFrame",
      "NoSuchReference",
      "BadExpression",
      "Unsupported",
      "Internal",
  };
};

enum class StopReason {
  Entry,
  Breakpoint,
  InstructionBreakpoint,
  DataBreakpoint,
  Step,
  Goto,
  Pause,
  Signal,
  Exception,
};

template <>
struct WireNames<StopReason> {
  static constexpr std::array<std::string_view, 9> names = {
      "entry",
      "breakpoint",
      "instruction breakpoint",
      "data breakpoint",
      "step",
      "goto",
      "pause",
      "signal",
      "exception",
  };
};

// When recording for reverse execution starts: never, at the first instruction, or at main.
enum class RecordMode {
  Off,
  FromEntry,
  FromMain,
};

template <>
struct WireNames<RecordMode> {
  static constexpr std::array<std::string_view, 3> names = {
      "off",
      "fromEntry",
      "fromMain",
  };
};

// How a code breakpoint is set: a breakpoint instruction written into the code (software, the default) or an execution slot of the debug registers (hardware).
enum class BreakpointMode {
  Software,
  Hardware,
};

template <>
struct WireNames<BreakpointMode> {
  static constexpr std::array<std::string_view, 2> names = {
      "software",
      "hardware",
  };
};

// How this session's data breakpoints watch: the CPU's debug registers, or single steps and comparisons.
enum class WatchMode {
  Hardware,
  Software,
};

template <>
struct WireNames<WatchMode> {
  static constexpr std::array<std::string_view, 2> names = {
      "hardware",
      "software",
  };
};

// Which accesses a data breakpoint stops at.
enum class AccessType {
  Write,
  Read,
  ReadWrite,
};

template <>
struct WireNames<AccessType> {
  static constexpr std::array<std::string_view, 3> names = {
      "write",
      "read",
      "readWrite",
  };
};

// Which process the session follows after fork/vfork: the parent (default) or the child.
enum class FollowFork {
  Parent,
  Child,
};

template <>
struct WireNames<FollowFork> {
  static constexpr std::array<std::string_view, 2> names = {
      "parent",
      "child",
  };
};

inline constexpr std::array<std::string_view, 56> kRequestNames = {
    "initialize",
    "launch",
    "attach",
    "openCore",
    "configurationDone",
    "setBreakpoints",
    "breakpointLocations",
    "setFunctionBreakpoints",
    "dataBreakpointInfo",
    "setDataBreakpoints",
    "setExceptionBreakpoints",
    "exceptionInfo",
    "continue",
    "pause",
    "next",
    "stepIn",
    "stepOut",
    "threads",
    "stackTrace",
    "scopes",
    "variables",
    "evaluate",
    "setVariable",
    "setExpression",
    "readMemory",
    "writeMemory",
    "disassemble",
    "modules",
    "loadedSources",
    "setInstructionBreakpoints",
    "startRecording",
    "stopRecording",
    "recordingInfo",
    "stepBack",
    "reverseStepIn",
    "reverseStepOut",
    "reverseContinue",
    "travelTo",
    "goToLastWrite",
    "scopeDeclarations",
    "writeHistory",
    "branchHistory",
    "callHistory",
    "instructionHistory",
    "historyMarkers",
    "branchStatistics",
    "lineExecutionCounts",
    "branchTraceInfo",
    "hardwareTrace",
    "disconnect",
    "gpuThreads",
    "gpuRegisters",
    "gpuReadMemory",
    "gpuResume",
    "gpuPause",
    "gpuSetBreakpoints",
};

inline constexpr std::array<std::string_view, 10> kEventNames = {
    "stopped",
    "continued",
    "output",
    "thread",
    "module",
    "breakpoint",
    "exited",
    "recording",
    "gpuStopped",
    "gpuBreakpoint",
};

template <typename Enum>
constexpr std::string_view wireName(Enum value) {
  return WireNames<Enum>::names[static_cast<std::size_t>(value)];
}

template <typename Enum>
constexpr std::optional<Enum> fromWireName(std::string_view text) {
  for (std::size_t i = 0; i < WireNames<Enum>::names.size(); ++i) {
    if (WireNames<Enum>::names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace rwd
