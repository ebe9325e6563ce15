// The helper protocol as TypeScript types: every request with its arguments
// and response body, every event body, and the message framing. This is the
// adapter-side twin of native/src/protocol/; native/PROTOCOL.md documents
// both, and all three change together.

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
  | 'Internal';

// ---- request arguments and response bodies --------------------------------

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
}

export interface LaunchBody {
  pid: number;
  program: string;
  warnings?: string[];
}

export interface AttachArgs {
  pid: number;
  stopOnEntry?: boolean;
}

export interface SetBreakpointsArgs {
  source: string;
  lines: number[];
}

/** One breakpoint as the helper describes it. */
export interface HelperBreakpoint {
  id: number;
  verified: boolean;
  line?: number;
  requestedLine?: number;
  source?: string;
  addresses?: HelperAddress[];
  message?: string;
}

/** A variable (ref + name), an expression in a frame, or an address range. */
export type DataBreakpointInfoArgs =
  | { ref: number; name: string; tid?: number }
  | { expression: string; tid: number; frame: number }
  | { address: HelperAddress; bytes: number };

export interface DataBreakpointInfoBody {
  dataId: string | null;
  description: string;
  accessTypes?: Array<'write' | 'read' | 'readWrite'>;
}

export interface HelperDataBreakpoint {
  dataId: string;
  accessType?: 'write' | 'read' | 'readWrite';
  hitCondition?: string;
}

export interface SetDataBreakpointsBody {
  breakpoints: Array<{ id?: number; verified: boolean; message?: string }>;
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

export interface VariablesArgs {
  ref: number;
  start?: number;
  count?: number;
}

export interface HelperVariable {
  name: string;
  value: string;
  type?: string;
  ref: number;
  indexed?: number;
  named?: number;
  memoryReference?: HelperAddress;
}

export interface EvaluateArgs extends FrameArgs {
  expression: string;
}

export interface DisconnectArgs {
  terminate?: boolean;
}

/** Every request: its arguments and the body of a successful response. */
export interface HelperRequests {
  initialize: { args: EmptyObject; body: InitializeBody };
  launch: { args: LaunchArgs; body: LaunchBody };
  attach: { args: AttachArgs; body: LaunchBody };
  configurationDone: { args: EmptyObject; body: EmptyObject };
  setBreakpoints: { args: SetBreakpointsArgs; body: { breakpoints: HelperBreakpoint[] } };
  dataBreakpointInfo: { args: DataBreakpointInfoArgs; body: DataBreakpointInfoBody };
  setDataBreakpoints: { args: { breakpoints: HelperDataBreakpoint[] }; body: SetDataBreakpointsBody };
  setExceptionBreakpoints: { args: SetExceptionBreakpointsArgs; body: EmptyObject };
  exceptionInfo: { args: { tid: number }; body: ExceptionInfoBody };
  continue: { args: EmptyObject; body: EmptyObject };
  pause: { args: EmptyObject; body: PauseBody };
  next: { args: ThreadArgs; body: EmptyObject };
  stepIn: { args: ThreadArgs; body: EmptyObject };
  stepOut: { args: ThreadArgs; body: EmptyObject };
  threads: { args: EmptyObject; body: { threads: HelperThread[] } };
  stackTrace: { args: StackTraceArgs; body: StackTraceBody };
  scopes: { args: FrameArgs; body: { scopes: HelperScope[] } };
  variables: { args: VariablesArgs; body: { variables: HelperVariable[] } };
  evaluate: { args: EvaluateArgs; body: HelperVariable };
  disconnect: { args: DisconnectArgs; body: EmptyObject };
}

export type HelperCommand = keyof HelperRequests;

// ---- events ----------------------------------------------------------------

export type HelperStopReason = 'entry' | 'breakpoint' | 'data breakpoint' | 'step' | 'pause' | 'signal' | 'exception';

export interface StoppedEventBody {
  reason: HelperStopReason;
  tid: number;
  allThreadsStopped?: boolean;
  hitBreakpointIds?: number[];
  description?: string;
  /** The signal name (e.g. "SIGSEGV") when the reason is `signal`. */
  signal?: string;
  /** The exception filter that stopped (e.g. "cpp-throw") when the reason is `exception`. */
  exception?: string;
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
  | { reason: 'changed'; breakpoint: HelperBreakpoint }
  | { reason: 'removed'; breakpoint: { id: number; kind?: 'data' } };

export interface ExitedEventBody {
  exitCode: number;
  signal?: string;
  description?: string;
}

/** Every event the helper sends, by name. */
export interface HelperEvents {
  stopped: StoppedEventBody;
  continued: ContinuedEventBody;
  output: OutputEventBody;
  thread: ThreadEventBody;
  module: ModuleEventBody;
  breakpoint: BreakpointEventBody;
  exited: ExitedEventBody;
}

export type HelperEventName = keyof HelperEvents;

// ---- framing ---------------------------------------------------------------

export interface HelperRequestMessage<C extends HelperCommand = HelperCommand> {
  id: number;
  cmd: C;
  args: HelperRequests[C]['args'];
}

export interface HelperErrorBody {
  code: HelperErrorCode | string;
  message: string;
}

export interface HelperResponseMessage {
  id: number | null;
  ok: boolean;
  body?: unknown;
  error?: HelperErrorBody;
}

export interface HelperEventMessage {
  event: string;
  body?: unknown;
}

/** Formats a helper address as DAP wants memory references: "0x…". */
export function addressToHex(address: HelperAddress): string {
  return typeof address === 'number' ? `0x${address.toString(16)}` : address;
}
