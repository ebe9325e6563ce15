// Generated from native/protocol/helper-protocol.schema.json by .ci/protocol.mjs: do not edit; change the schema and run `node .ci/protocol.mjs`.
// The helper protocol's shapes: every request's arguments and response body
// (HelperRequests), every event's body (HelperEvents) and the shared types.
/* eslint-disable */

/** An address: a JSON number when it fits in 2^53, else a "0x…" string. */
export type HelperAddress = number | string;

/** The error codes the helper puts in `error.code`. */
export type HelperErrorCode =
  | 'BadRequest'
  | 'UnknownCommand'
  | 'WrongState'
  | 'NoSuchFile'
  | 'NotExecutable'
  | 'NotElf'
  | 'LaunchFailed'
  | 'NoSuchProcess'
  | 'AttachRefused'
  | 'NoSuchThread'
  | 'NoSuchFrame'
  | 'NoSuchReference'
  | 'BadExpression'
  | 'Unsupported'
  | 'Internal';

/** What a failed request's response carries in `error`: a code, and a sentence for the user that says what went wrong and what to do. */
export interface HelperErrorBody {
  code: HelperErrorCode;
  message: string;
}

export type EmptyObject = Record<string, never>;

export interface InitializeBody {
  version: string;
  features: string[];
}

export interface LaunchArgs {
  program: string;
  args: string[];
  cwd?: string;
  /** Added to the helper's environment; `null` removes a variable. */
  env: Record<string, string | null>;
  stopOnEntry: boolean;
  record?: RecordMode;
  /** The most instructions the history keeps (0: no limit). */
  recordLimit?: number;
  /** Data breakpoints by single-stepping even where the CPU's debug registers trap. */
  softwareWatchpoints?: boolean;
  /** Address-space randomization off for the program (default true), as gdb and lldb launch. */
  disableASLR?: boolean;
  /** The launcher waiting in the client's terminal (`rewind-helper --launch-in-terminal`); the helper takes it over. */
  launcherPid?: number;
  followFork?: FollowFork;
  /** Which engine records: `step` (the exact single-step recorder), `native` (native speed: system calls, rdtsc and cpuid logged, fork checkpoints; no reverse requests yet; falls back to `step` with a message where the kernel does not allow it), `auto` (default; the step recorder until native recordings serve every reverse request). */
  recordEngine?: 'auto' | 'native' | 'step';
}

/** `openCore`: a core dump and the executable that dumped it. */
export interface OpenCoreArgs {
  core: string;
  program: string;
}

export interface OpenCoreBody {
  pid: number;
  program: string;
  /** The signal that ended the process, when the core records one. */
  signal?: string;
  warnings?: string[];
}

export interface LaunchBody {
  pid: number;
  program: string;
  warnings?: string[];
}

export interface AttachArgs {
  pid: number;
  stopOnEntry?: boolean;
  followFork?: FollowFork;
  /** Data breakpoints by single-stepping even where the CPU's debug registers trap. */
  softwareWatchpoints?: boolean;
}

/** A line breakpoint with its options; the helper evaluates all three. */
export interface HelperSourceBreakpoint {
  line: number;
  /** A statement of the line (from breakpointLocations); absent for the whole line. */
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  mode?: BreakpointMode;
}

/** `lines` for plain breakpoints, or `breakpoints` with options. */
export type SetBreakpointsArgs =
  | {
      source: string;
      lines: number[];
    }
  | {
      source: string;
      breakpoints: HelperSourceBreakpoint[];
    };

export interface HelperFunctionBreakpoint {
  name: string;
  condition?: string;
  hitCondition?: string;
  mode?: BreakpointMode;
}

/** One breakpoint as the helper describes it. */
export interface HelperBreakpoint {
  id: number;
  verified: boolean;
  line?: number;
  /** The statement's column, when the breakpoint is on one statement of the line. */
  column?: number;
  requestedLine?: number;
  source?: string;
  addresses?: HelperAddress[];
  message?: string;
  /** The function name, for a function breakpoint. */
  function?: string;
}

/** A variable (ref + name), an expression in a frame, or an address range. */
export type DataBreakpointInfoArgs =
  | {
      ref: number;
      name: string;
      tid?: number;
    }
  | {
      expression: string;
      tid: number;
      frame: number;
    }
  | {
      address: HelperAddress;
      bytes: number;
      tid?: number;
    };

/** How this session's data breakpoints watch: the CPU's debug registers, or single steps and comparisons. */
export type WatchMode = 'hardware' | 'software';

export interface DataBreakpointInfoBody {
  dataId: string | null;
  description: string;
  accessTypes?: AccessType[];
  mode?: WatchMode;
}

export interface HelperDataBreakpoint {
  dataId: string;
  accessType?: AccessType;
  hitCondition?: string;
  condition?: string;
}

export interface SetDataBreakpointsBody {
  breakpoints: Array<{
    id?: number;
    verified: boolean;
    message?: string;
  }>;
  mode: WatchMode;
  /** Why that mode: the launch option, or what the debug register probe found. */
  modeReason: string;
}

/** `fatal-signals`, `other-signals`, `cpp-throw`, `rust-panic`. */
export interface SetExceptionBreakpointsArgs {
  filters: string[];
}

export interface ExceptionInfoBody {
  exceptionId: string;
  description?: string;
  breakMode?: 'never' | 'always' | 'unhandled' | 'userUnhandled';
  signal?: string;
  code?: number;
  faultAddress?: HelperAddress;
  typeName?: string;
}

export interface PauseBody {
  alreadyStopped?: boolean;
}

export interface ThreadArgs {
  tid: number;
}

/** `next`, `stepIn`, `stepOut`: `singleThread` keeps the other threads stopped throughout. */
export interface StepArgs {
  tid: number;
  singleThread?: boolean;
  /** `instruction`: stepi / nexti / step out to the return address; `line` when absent. */
  granularity?: 'line' | 'instruction';
}

/** Without arguments every thread resumes; with `singleThread` only `tid`. */
export type ContinueArgs =
  | EmptyObject
  | {
      tid: number;
      singleThread: true;
    };

export interface ContinueBody {
  allThreadsContinued?: boolean;
}

export interface HelperThread {
  id: number;
  name: string;
}

export interface StackTraceArgs {
  tid: number;
  startFrame: number;
  /** 0 asks for every frame. */
  levels: number;
}

export interface HelperFrame {
  index: number;
  pc: HelperAddress;
  function: string;
  module?: string;
  moduleOffset?: HelperAddress;
  file?: string;
  line?: number;
  column?: number;
}

export interface StackTraceBody {
  frames: HelperFrame[];
  /** Present only when the whole stack was walked. */
  totalFrames?: number;
}

export interface FrameArgs {
  tid: number;
  frame: number;
}

export interface HelperScope {
  name: string;
  ref: number;
  expensive: boolean;
  count?: number;
}

/** How values are shown: `hex` shows integers in hexadecimal. */
export interface FormatArgs {
  hex?: boolean;
}

export interface VariablesArgs {
  hex?: boolean;
  ref: number;
  start?: number;
  count?: number;
  /** Only the named children (members, `[raw]`) or only the indexed ones (elements); both when absent. */
  filter?: 'named' | 'indexed';
}

export interface HelperVariable {
  name: string;
  value: string;
  type?: string;
  ref: number;
  indexed?: number;
  named?: number;
  memoryReference?: HelperAddress;
  /** An expression that evaluates to this value (`p->x`, `arr[3]`, `v[7]`). */
  evaluateName?: string;
}

export interface EvaluateArgs {
  tid: number;
  frame: number;
  hex?: boolean;
  expression: string;
  /** DAP's evaluate context (hover, watch, repl, …): no function of the program is called for a hover. */
  context?: string;
}

/** The child `name` of reference `ref` gets the value of the expression `value`. */
export interface SetVariableArgs {
  hex?: boolean;
  ref: number;
  name: string;
  value: string;
}

/** The assignable `expression` gets the value of the expression `value`, in a frame. */
export interface SetExpressionArgs {
  tid: number;
  frame: number;
  hex?: boolean;
  expression: string;
  value: string;
}

export interface ReadMemoryArgs {
  address: HelperAddress;
  /** Bytes added to `address`; may be negative. */
  offset?: number;
  count: number;
}

export interface ReadMemoryBody {
  /** The address of the first byte of `data` (address + offset). */
  address: HelperAddress;
  /** base64 of the readable bytes from `address`, up to the first unreadable one. */
  data: string;
  /** Unreadable bytes right after `data`. */
  unreadableBytes: number;
}

export interface WriteMemoryArgs {
  address: HelperAddress;
  offset?: number;
  /** base64 */
  data: string;
  /** Write what can be written and stop at the first unwritable byte, instead of failing. */
  allowPartial?: boolean;
}

export interface DisassembleArgs {
  address: HelperAddress;
  /** Bytes added to `address` first; may be negative. */
  offset?: number;
  /** Instructions to move from there (negative: backward) before listing. */
  instructionOffset?: number;
  instructionCount: number;
}

/** One row of a disassembly: exactly `instructionCount` of them come back. */
export interface HelperInstruction {
  address: HelperAddress;
  /** Hex bytes, space-separated; empty for unreadable memory. */
  bytes: string;
  /** Intel syntax, "(bad)" for bytes that are no instruction, "??" for unreadable memory. */
  text: string;
  invalid?: boolean;
  /** "main+12" */
  symbol?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface HelperModuleDescription {
  name: string;
  path: string;
  base: HelperAddress;
  end: HelperAddress;
  hasSymbols: boolean;
  /** Where the symbols come from: the image itself or a separate debug file. */
  symbolFile?: string;
}

export interface HelperLoadedSource {
  path: string;
  module: string;
  /** The file is on this machine. */
  exists: boolean;
}

export interface HelperInstructionBreakpoint {
  address: HelperAddress;
  condition?: string;
  hitCondition?: string;
  mode?: BreakpointMode;
}

export interface HelperPlacedInstructionBreakpoint {
  id: number;
  verified: boolean;
  address: HelperAddress;
  message?: string;
}

/** `scopeDeclarations`: where the variables a frame sees were declared (DWARF decl_line). */
export interface ScopeDeclarationsBody {
  function?: string;
  file?: string;
  functionLine?: number;
  variables: Array<{
    name: string;
    parameter: boolean;
    declLine?: number;
  }>;
}

/** The bytes a history query is about: from `dataBreakpointInfo`, or an address range. */
export type WatchedBytesArgs =
  | {
      address: HelperAddress;
      bytes: number;
    }
  | {
      dataId: string;
    };

/** `writeHistory`: the last recorded writes of some bytes before the current
position, newest first; `data` (base64) is what each left in those bytes
(ranges up to 64 bytes). */
export interface WriteHistoryBody {
  position: number;
  size: number;
  writes: Array<{
    index: number;
    data?: string;
  }>;
}

/** What `recordingInfo` (and the `recording` event) tells about the recording. */
export interface RecordingInfoBody {
  recording: boolean;
  /** Entries (instructions, signal deliveries) in the history. */
  size?: number;
  /** Where the program is in the history: 0..size; size is the live end. */
  position?: number;
  /** The ring limit (0: none). */
  limit?: number;
  /** Entries dropped by the ring limit so far. */
  dropped?: number;
  memoryBytes?: number;
  bytesPerInstruction?: number;
  /** Why the history was last cut (a system call it cannot undo, execve...). */
  cut?: string;
  native?: NativeRecordingInfo;
}

/** Where the branch-history pages come from and where the program is (every page has it). */
export interface BranchPageFrame {
  /** "recorded history", "Intel PT" or "Intel BTS". */
  source: string;
  /** Whether indices are history positions travelTo accepts (the recorded history). */
  travelable: boolean;
  /** Entries in the history (instructions, signal deliveries, adjustments). */
  historySize: number;
  /** The replay position (0..historySize; historySize is the live end); null for a hardware trace. */
  position: number | null;
}

/** A page window: `start`/`count` rows, or `count` rows centred on history position `atIndex`. */
export interface BranchPageArgs {
  start?: number;
  count?: number;
  atIndex?: number;
  /** Case-insensitive piece of a function name or file path. */
  query?: string;
}

export type BranchPage = BranchPageFrame & {
  /** Rows in the (filtered) list. */
  total: number;
  /** Row number of the first row sent. */
  start: number;
  /** The row that holds `atIndex`, when asked for. */
  focus: number | null;
};

export type BranchKindName = 'call' | 'return' | 'jump' | 'conditional' | 'syscall' | 'signal' | 'threadSwitch' | 'unknown';

export interface HelperTakenBranch {
  ordinal: number;
  /** History position of the branching instruction (null when it was dropped). */
  index: number | null;
  from: HelperAddress;
  to: HelperAddress;
  kind: BranchKindName;
  tid: number;
  function: string;
  toFunction: string;
  file?: string;
  line?: number;
  toFile?: string;
  toLine?: number;
}

export interface HelperCallSegment {
  ordinal: number;
  startIndex: number;
  endIndex: number;
  depth: number;
  tid: number;
  function: string;
  instructionCount: number;
  address: HelperAddress;
  /** How control came in; null for the first segment. */
  arrival: BranchKindName | null;
  file?: string;
  startLine?: number;
  endLine?: number;
}

export interface HelperHistoryInstruction {
  index: number;
  address: HelperAddress;
  tid: number;
  kind: 'instruction' | 'signal' | 'adjustment';
  function?: string;
  file?: string;
  line?: number;
  text?: string;
}

export interface HelperHistoryMarker {
  /** First event of the kind in its bucket (a history position). */
  index: number;
  count: number;
  kind: 'syscall' | 'signal' | 'threadSwitch' | 'breakpoint';
}

export interface HelperBranchSite {
  address: HelperAddress;
  function: string;
  taken: number;
  notTaken: number;
  file?: string;
  line?: number;
}

export interface HardwareTraceFacility {
  driver: boolean;
  usable: boolean;
  problem: string;
}

export interface BranchTraceInfoBody {
  recorded: boolean;
  hardware: {
    available: boolean;
    message: string;
    verifiedOnHardware: boolean;
    bts: HardwareTraceFacility;
    pt: HardwareTraceFacility;
  };
  active: string;
}

export interface DisconnectArgs {
  terminate?: boolean;
}

export type HelperStopReason = 'entry' | 'breakpoint' | 'instruction breakpoint' | 'data breakpoint' | 'step' | 'goto' | 'pause' | 'signal' | 'exception';

export interface StoppedEventBody {
  reason: HelperStopReason;
  tid: number;
  allThreadsStopped?: boolean;
  hitBreakpointIds?: number[];
  description?: string;
  /** The signal name (e.g. "SIGSEGV") when the reason is `signal`. */
  signal?: string;
  /** The signal's si_code when the reason is `signal` (e.g. 1, SEGV_MAPERR). */
  signalCode?: number;
  /** The faulting address (si_addr) when the reason is `signal`. */
  faultAddress?: HelperAddress;
  /** The exception filter that stopped (e.g. "cpp-throw") when the reason is `exception`. */
  exception?: string;
}

/** Values the client may show are no longer right although the program did not stop or run: `evaluate` called one of the program's functions (`cause` "call"), which may have written its memory. Sent before that request's response, whether the call returned or was abandoned. */
export interface InvalidatedEventBody {
  tid: number;
  cause: 'call';
}

export interface ContinuedEventBody {
  tid: number;
  allThreadsContinued?: boolean;
}

export interface OutputEventBody {
  category: 'stdout' | 'stderr' | 'console';
  text: string;
}

export interface ThreadEventBody {
  reason: 'started' | 'exited';
  tid: number;
}

export interface HelperModule {
  name: string;
  path: string;
  base?: HelperAddress;
  hasSymbols?: boolean;
}

export interface ModuleEventBody {
  reason: 'new' | 'removed';
  module: HelperModule;
}

/** `changed`: a pending breakpoint resolved; `removed`: a data breakpoint whose frame returned. */
export type BreakpointEventBody =
  | {
      reason: 'changed';
      breakpoint: HelperBreakpoint;
    }
  | {
      reason: 'removed';
      breakpoint: {
        id: number;
        verified?: false;
        kind?: 'data';
      };
    };

export interface ExitedEventBody {
  exitCode: number;
  signal?: string;
  description?: string;
}

/** When recording for reverse execution starts: never, at the first instruction, or at main. */
export type RecordMode = 'off' | 'fromEntry' | 'fromMain';

/** Which process the session follows after fork/vfork: the parent (default) or the child. */
export type FollowFork = 'parent' | 'child';

/** How a code breakpoint is set: a breakpoint instruction written into the code (software, the default) or an execution slot of the debug registers (hardware). */
export type BreakpointMode = 'software' | 'hardware';

/** Which accesses a data breakpoint stops at. */
export type AccessType = 'write' | 'read' | 'readWrite';

/** Which engine records; for the native engine, its log (see native/PROTOCOL.md). */
export interface NativeRecordingInfo {
  engine: 'native' | 'step';
  /** step: why the single-step recorder records. */
  engineReason?: string;
  /** native: whether it still records (false after `stopReason`). */
  active?: boolean;
  events?: number;
  syscalls?: number;
  rdtsc?: number;
  cpuid?: number;
  mappedFiles?: number;
  checkpoints?: number;
  checkpointsTaken?: number;
  checkpointMilliseconds?: number;
  /** native: system calls of `syscalls` logged through the in-process system-call buffer (no stop each). */
  bufferedSyscalls?: number;
  reachedExit?: boolean;
  stopReason?: string;
}

/** One lane of the timeline (historyMarkers with the threadSwitch kind, recorded history): a thread's life in history positions (null when unknown) and where its runs began. */
export interface HelperThreadLane {
  tid: number;
  name: string;
  first: number | null;
  last: number | null;
  switches: Array<{
    index: number;
    count: number;
  }>;
}

/** A stopped GPU thread, named the way the vendor's tools name it. */
export interface HelperGpuThread {
  id: number;
  /** "device / queue / unit / lane", e.g. "Intel Xe renderD128 / exec queue 3 (lrc 5) / EU 0.1.3 / thread 2". */
  name: string;
  device: string;
  queue: string;
  unit: string;
  lane?: string;
  reason: string;
  pc?: HelperAddress;
  /** Why there is no pc (the backend cannot read it). */
  pcUnavailable?: string;
  function?: string;
  file?: string;
  line?: number;
}

export interface HelperGpuRegister {
  group: string;
  name: string;
  /** The register's little-endian bytes as one "0x…" number. */
  value: string;
}

export interface GpuBreakpointEventBody {
  file: string;
  line: number;
  verified: boolean;
  address?: HelperAddress;
}

export interface GpuStoppedEventBody {
  /** The GPU thread to show. */
  thread: number;
  /** Every GPU thread this stop stopped. */
  threads: number[];
  reason: string;
  description?: string;
}

/** Every request: its arguments and the body of a successful response. */
export interface HelperRequests {
  initialize: {
    args: EmptyObject;
    body: InitializeBody;
  };
  launch: {
    args: LaunchArgs;
    body: LaunchBody;
  };
  attach: {
    args: AttachArgs;
    body: LaunchBody;
  };
  openCore: {
    args: OpenCoreArgs;
    body: OpenCoreBody;
  };
  configurationDone: {
    args: EmptyObject;
    body: EmptyObject;
  };
  setBreakpoints: {
    args: SetBreakpointsArgs;
    body: {
      breakpoints: HelperBreakpoint[];
    };
  };
  breakpointLocations: {
    args: {
      source: string;
      line: number;
      endLine?: number;
    };
    body: {
      locations: Array<{
        line: number;
        column?: number;
      }>;
    };
  };
  setFunctionBreakpoints: {
    args: {
      breakpoints: HelperFunctionBreakpoint[];
    };
    body: {
      breakpoints: HelperBreakpoint[];
    };
  };
  dataBreakpointInfo: {
    args: DataBreakpointInfoArgs;
    body: DataBreakpointInfoBody;
  };
  setDataBreakpoints: {
    args: {
      breakpoints: HelperDataBreakpoint[];
    };
    body: SetDataBreakpointsBody;
  };
  setExceptionBreakpoints: {
    args: SetExceptionBreakpointsArgs;
    body: EmptyObject;
  };
  exceptionInfo: {
    args: {
      tid: number;
    };
    body: ExceptionInfoBody;
  };
  continue: {
    args: ContinueArgs;
    body: ContinueBody;
  };
  pause: {
    args: EmptyObject;
    body: PauseBody;
  };
  next: {
    args: StepArgs;
    body: EmptyObject;
  };
  stepIn: {
    args: StepArgs;
    body: EmptyObject;
  };
  stepOut: {
    args: StepArgs;
    body: EmptyObject;
  };
  threads: {
    args: EmptyObject;
    body: {
      threads: HelperThread[];
    };
  };
  stackTrace: {
    args: StackTraceArgs;
    body: StackTraceBody;
  };
  scopes: {
    args: FrameArgs;
    body: {
      scopes: HelperScope[];
    };
  };
  variables: {
    args: VariablesArgs;
    body: {
      variables: HelperVariable[];
    };
  };
  evaluate: {
    args: EvaluateArgs;
    body: HelperVariable;
  };
  setVariable: {
    args: SetVariableArgs;
    body: HelperVariable;
  };
  setExpression: {
    args: SetExpressionArgs;
    body: HelperVariable;
  };
  readMemory: {
    args: ReadMemoryArgs;
    body: ReadMemoryBody;
  };
  writeMemory: {
    args: WriteMemoryArgs;
    body: {
      bytesWritten: number;
    };
  };
  disassemble: {
    args: DisassembleArgs;
    body: {
      instructions: HelperInstruction[];
    };
  };
  modules: {
    args: EmptyObject;
    body: {
      modules: HelperModuleDescription[];
    };
  };
  loadedSources: {
    args: EmptyObject;
    body: {
      sources: HelperLoadedSource[];
    };
  };
  setInstructionBreakpoints: {
    args: {
      breakpoints: HelperInstructionBreakpoint[];
    };
    body: {
      breakpoints: HelperPlacedInstructionBreakpoint[];
    };
  };
  startRecording: {
    args: {
      limit?: number;
    };
    body: RecordingInfoBody;
  };
  stopRecording: {
    args: EmptyObject;
    body: RecordingInfoBody;
  };
  recordingInfo: {
    args: EmptyObject;
    body: RecordingInfoBody;
  };
  stepBack: {
    args: {
      tid: number;
      granularity: 'line' | 'instruction';
    };
    body: EmptyObject;
  };
  reverseStepIn: {
    args: ThreadArgs;
    body: EmptyObject;
  };
  reverseStepOut: {
    args: ThreadArgs;
    body: EmptyObject;
  };
  reverseContinue: {
    args: EmptyObject;
    body: EmptyObject;
  };
  travelTo: {
    args: {
      index: number;
    };
    body: EmptyObject;
  };
  goToLastWrite: {
    args: WatchedBytesArgs;
    body: EmptyObject;
  };
  scopeDeclarations: {
    args: FrameArgs;
    body: ScopeDeclarationsBody;
  };
  writeHistory: {
    args:
      | {
          address: HelperAddress;
          bytes: number;
          count?: number;
        }
      | {
          dataId: string;
          count?: number;
        };
    body: WriteHistoryBody;
  };
  branchHistory: {
    args: {
      start?: number;
      count?: number;
      atIndex?: number;
      /** Case-insensitive piece of a function name or file path. */
      query?: string;
      kinds?: BranchKindName[];
    };
    body: BranchPage & {
      branches: HelperTakenBranch[];
    };
  };
  callHistory: {
    args: BranchPageArgs;
    body: BranchPage & {
      minDepth: number;
      segments: HelperCallSegment[];
    };
  };
  instructionHistory: {
    args: BranchPageArgs;
    body: BranchPage & {
      instructions: HelperHistoryInstruction[];
    };
  };
  historyMarkers: {
    args: {
      buckets?: number;
      kinds?: string[];
    };
    body: BranchPageFrame & {
      buckets: number;
      markers: HelperHistoryMarker[];
      threads?: HelperThreadLane[];
    };
  };
  branchStatistics: {
    args: {
      file?: string;
    };
    body: {
      sites: HelperBranchSite[];
    };
  };
  lineExecutionCounts: {
    args: {
      file: string;
    };
    body: {
      file: string;
      lines: Array<{
        line: number;
        count: number;
        instructions: number;
      }>;
    };
  };
  branchTraceInfo: {
    args: EmptyObject;
    body: BranchTraceInfoBody;
  };
  hardwareTrace: {
    args: {
      enable: boolean;
      tid?: number;
    };
    body: {
      active: string;
    };
  };
  disconnect: {
    args: DisconnectArgs;
    body: EmptyObject;
  };
  gpuThreads: {
    args: EmptyObject;
    body: {
      interface?: string;
      threads: HelperGpuThread[];
    };
  };
  gpuRegisters: {
    args: {
      thread: number;
    };
    body: {
      registers: HelperGpuRegister[];
    };
  };
  gpuReadMemory: {
    args: {
      thread: number;
      address: HelperAddress;
      count: number;
    };
    body: ReadMemoryBody;
  };
  gpuResume: {
    args: {
      threads?: number[];
    };
    body: EmptyObject;
  };
  gpuPause: {
    args: EmptyObject;
    body: EmptyObject;
  };
  gpuSetBreakpoints: {
    args: {
      file: string;
      lines: number[];
    };
    body: {
      breakpoints: Array<{
        line: number;
        verified: boolean;
        address?: HelperAddress;
        message?: string;
      }>;
    };
  };
}

/** Every event the helper sends, by name, with its body. */
export interface HelperEvents {
  stopped: StoppedEventBody;
  continued: ContinuedEventBody;
  output: OutputEventBody;
  thread: ThreadEventBody;
  module: ModuleEventBody;
  breakpoint: BreakpointEventBody;
  exited: ExitedEventBody;
  recording: RecordingInfoBody;
  gpuStopped: GpuStoppedEventBody;
  gpuBreakpoint: GpuBreakpointEventBody;
  invalidated: InvalidatedEventBody;
}
