// Generated from native/protocol/helper-protocol.schema.json by .ci/protocol.mjs: do not edit; change the schema and run `node .ci/protocol.mjs`.
// The protocol's error codes as a C++ enum, and each value's name on the
// wire of it and of the enums in core/DebugEnums.h:
// wireName(StopReason::InstructionBreakpoint) is "instruction
// breakpoint"; fromWireName<RecordMode>("fromMain") reads one back. And
// the name of every request and event the schema declares.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/DebugEnums.h"

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

template <>
struct WireNames<RecordMode> {
  static constexpr std::array<std::string_view, 3> names = {
      "off",
      "fromEntry",
      "fromMain",
  };
};

template <>
struct WireNames<BreakpointMode> {
  static constexpr std::array<std::string_view, 2> names = {
      "software",
      "hardware",
  };
};

template <>
struct WireNames<WatchMode> {
  static constexpr std::array<std::string_view, 2> names = {
      "hardware",
      "software",
  };
};

template <>
struct WireNames<AccessType> {
  static constexpr std::array<std::string_view, 3> names = {
      "write",
      "read",
      "readWrite",
  };
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

inline constexpr std::array<std::string_view, 11> kEventNames = {
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
    "invalidated",
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
