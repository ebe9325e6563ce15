// Generated from native/protocol/helper-protocol.schema.json by .ci/protocol.mjs: do not edit; change the schema and run `node .ci/protocol.mjs`.
// The debugger's finite sets that the helper protocol shares: stop
// reasons, record, breakpoint and watch modes, access types, fork
// following. Plain enums: their names on the wire are the server's
// business (protocol/ProtocolSchema.h).
#pragma once

namespace rwd {

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

// When recording for reverse execution starts: never, at the first instruction, or at main.
enum class RecordMode {
  Off,
  FromEntry,
  FromMain,
};

// How a code breakpoint is set: a breakpoint instruction written into the code (software, the default) or an execution slot of the debug registers (hardware).
enum class BreakpointMode {
  Software,
  Hardware,
};

// How this session's data breakpoints watch: the CPU's debug registers, or single steps and comparisons.
enum class WatchMode {
  Hardware,
  Software,
};

// Which accesses a data breakpoint stops at.
enum class AccessType {
  Write,
  Read,
  ReadWrite,
};

// Which process the session follows after fork/vfork: the parent (default) or the child.
enum class FollowFork {
  Parent,
  Child,
};

}  // namespace rwd
