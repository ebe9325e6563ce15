// The shapes of rewind-helper messages that tests look at, as documented in
// native/PROTOCOL.md. Only the fields tests read are listed.

export interface HelperError {
  code: string;
  message: string;
}

export interface HelperResponse {
  id: number | null;
  ok: boolean;
  body?: unknown;
  error?: HelperError;
}

export interface HelperEvent {
  event: string;
  body: Record<string, unknown>;
}

export interface HelperBreakpoint {
  id: number;
  verified: boolean;
  line?: number;
  requestedLine?: number;
  source?: string;
  addresses?: Array<number | string>;
  message?: string;
}

export interface HelperFrame {
  index: number;
  pc: number | string;
  function: string;
  module?: string;
  moduleOffset?: number | string;
  file?: string;
  line?: number;
  column?: number;
}

export interface HelperScope {
  name: string;
  ref: number;
  expensive: boolean;
  count?: number;
}

export interface HelperVariable {
  name: string;
  value: string;
  type?: string;
  ref: number;
  indexed?: number;
  named?: number;
  /** An address: a JSON number, or a "0x…" string when it does not fit in 2^53. */
  memoryReference?: number | string;
}

export interface StoppedBody {
  reason: string;
  tid: number;
  allThreadsStopped?: boolean;
  hitBreakpointIds?: number[];
  description?: string;
  signal?: string;
}

export interface ExitedBody {
  exitCode: number;
  signal?: string;
  description?: string;
}

export interface LaunchBody {
  pid: number;
  program: string;
  warnings?: string[];
}

/** A stopped GPU thread (gpuThreads). */
export interface HelperGpuThread {
  id: number;
  name: string;
  device: string;
  queue: string;
  unit: string;
  lane?: string;
  reason: string;
  pc?: number | string;
  pcUnavailable?: string;
  function?: string;
  file?: string;
  line?: number;
}

/** A GPU thread's register (gpuRegisters): its bytes as one "0x…" number. */
export interface HelperGpuRegister {
  group: string;
  name: string;
  value: string;
}

// recordingInfo's `native` part: which engine records, and the native log.
// One definition, the adapter's (a type only: nothing of the adapter runs).
export type { NativeRecordingInfo } from '../../adapter/src/helper/protocol';
