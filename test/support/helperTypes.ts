// The shapes of rewind-helper messages that tests look at: the types
// generated from the protocol's schema (native/protocol/helper-protocol.schema.json),
// under the names the tests use, and the framing as tests read it.
export type {
  ExitedEventBody as ExitedBody,
  HelperBreakpoint,
  HelperFrame,
  HelperGpuRegister,
  HelperGpuThread,
  HelperScope,
  HelperVariable,
  LaunchBody,
  NativeRecordingInfo,
  StoppedEventBody as StoppedBody,
} from '../../adapter/src/helper/protocol';

/** An error as tests read it: the helper's codes (HelperErrorCode), or the driver's own 'NotJson'. */
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

/** An event as tests read it: any body a test then narrows. */
export interface HelperEvent {
  event: string;
  body: Record<string, unknown>;
}
