// Rewind's custom DAP requests and events, typed once for the three parties
// that exchange them: the adapter (which answers and sends them), the
// extension host (which sends them with `customRequest` and hears the
// events) and the webview panels (which show their rows). Each request's
// arguments and response body, the custom events' bodies, and the rows as
// the adapter hands them on (addresses as "0x…" strings, paths mapped to the
// editor's). Types only: no `vscode`, no Node, no DOM, so every side,
// browser bundles included, can import it.
import type {
  BranchKindName,
  BranchPage,
  BranchPageFrame,
  BranchTraceInfoBody,
  HelperBranchSite,
  HelperCallSegment,
  HelperHistoryInstruction,
  HelperHistoryMarker,
  HelperTakenBranch,
  HelperThreadLane,
  RecordingInfoBody,
  ScopeDeclarationsBody,
  WriteHistoryBody,
} from './helper/protocolTypes';

/** A helper row as the adapter hands it on: the named address fields as "0x…" strings. */
type WithHexAddresses<Row, Field extends keyof Row> = Omit<Row, Field> & { [Name in Field]: string };

/** One function segment of `callHistory`. */
export type CallRow = WithHexAddresses<HelperCallSegment, 'address'>;

/** One recorded entry of `instructionHistory`. */
export type InstructionRow = WithHexAddresses<HelperHistoryInstruction, 'address'>;

/** One taken branch of `branchHistory`. */
export type BranchRow = WithHexAddresses<HelperTakenBranch, 'from' | 'to'>;

/** One conditional jump of `branchStatistics`, with how often it was taken. */
export type BranchSiteRow = WithHexAddresses<HelperBranchSite, 'address'>;

/** How often a line ran (`lineExecutionCounts`). */
export interface LineCount {
  line: number;
  count: number;
  instructions: number;
}

/** A page of a history list: `start`/`count` rows, or `count` rows around history position `atIndex`; `query` filters. */
export interface PageArguments {
  start?: number;
  count?: number;
  atIndex?: number;
  query?: string;
}

/** The bytes a history request is about: a variable or child, an expression in a frame, or a memory range. */
export interface WatchedBytesArguments {
  variablesReference?: number;
  name?: string;
  expression?: string;
  frameId?: number;
  address?: string | number;
  bytes?: number;
}

/** The recording as the `rewindRecording` event and the recording requests tell it. */
export type RecordingState = RecordingInfoBody;

/** Every custom request: its arguments and the body of its response. */
export interface RewindCustomRequests {
  reverseStepIn: { args: { threadId?: number }; body: undefined };
  reverseStepOut: { args: { threadId?: number }; body: undefined };
  travelTo: { args: { index: number }; body: undefined };
  goToLastWrite: { args: WatchedBytesArguments; body: undefined };
  startRecording: { args: { recordLimit?: number }; body: RecordingState };
  stopRecording: { args: Record<string, never>; body: RecordingState };
  recordingInfo: { args: Record<string, never>; body: RecordingState };
  branchHistory: { args: PageArguments & { kinds?: BranchKindName[] }; body: BranchPage & { branches: BranchRow[] } };
  callHistory: { args: PageArguments; body: BranchPage & { minDepth: number; segments: CallRow[] } };
  instructionHistory: { args: PageArguments; body: BranchPage & { instructions: InstructionRow[] } };
  historyMarkers: {
    args: { buckets?: number; kinds?: string[] };
    body: BranchPageFrame & { buckets: number; markers: HelperHistoryMarker[]; threads?: HelperThreadLane[] };
  };
  branchStatistics: { args: { file?: string }; body: { sites: BranchSiteRow[] } };
  lineExecutionCounts: { args: { file: string }; body: { file: string; lines: LineCount[] } };
  branchTraceInfo: { args: Record<string, never>; body: BranchTraceInfoBody };
  hardwareTrace: { args: { enable?: boolean; threadId?: number }; body: { active: string } };
  scopeDeclarations: { args: { frameId?: number }; body: ScopeDeclarationsBody };
  writeHistory: { args: WatchedBytesArguments & { count?: number }; body: WriteHistoryBody };
  codeLines: { args: { file: string; endLine: number }; body: { lines: number[] } };
}

export type RewindCustomCommand = keyof RewindCustomRequests;

/** Every custom event the adapter sends, with its body. */
export interface RewindCustomEvents {
  /** After a recording starts or stops and after every stop while recording. */
  rewindRecording: RecordingState;
}
