// The messages between the extension host and the two webview panels
// (Branch History and Timeline). Pure types and a few constants, shared by
// the host side (extension/src/panels/*) and the webview scripts
// (extension/src/panels/webview/*); no `vscode` and no DOM here.
//
// The host pushes data; the webview asks for it. A page says which view and
// which search it belongs to and where its rows start, so a webview can
// take pages in any order, and a recorded stream of host messages can be
// replayed into a webview without the host.

import type { BranchRow, CallRow, InstructionRow } from '../../../adapter/src/customRequests';
import type { HelperHistoryMarker } from '../../../adapter/src/helper/protocolTypes';

export type HistoryViewName = 'calls' | 'instructions' | 'branches';

/** Rows a webview asks for at a time. */
export const pageSize = 200;

/** The rows of the three lists, as the adapter's custom requests give them (adapter/src/customRequests.ts). */
export type { BranchRow, CallRow, InstructionRow };

export type HistoryRow = CallRow | InstructionRow | BranchRow;

/** One timeline marker of `historyMarkers`. */
export type HistoryMarkerRow = HelperHistoryMarker;

/** A thread's lane: its life (history positions, null when unknown) and where its runs began. */
export interface ThreadLaneRow {
  tid: number;
  name: string;
  first: number | null;
  last: number | null;
  switches: { index: number; count: number }[];
}

// ---- host → webview ---------------------------------------------------------

/** Whether there is anything to show; `message` says why not. */
export interface StateMessage {
  type: 'state';
  available: boolean;
  message?: string;
}

/** Where the program is in the history (sent on every stop). */
export interface PositionMessage {
  type: 'position';
  position: number;
  historySize: number;
}

export interface PageMessage {
  type: 'page';
  view: HistoryViewName;
  query: string;
  total: number;
  start: number;
  /** The row that holds the asked-for position, when the page was asked for around one. */
  focus: number | null;
  /** The position the page was centred on, when it was. */
  atIndex: number | null;
  position: number | null;
  historySize: number;
  source: string;
  travelable: boolean;
  /** Shallowest call depth (calls only). */
  minDepth?: number;
  rows: HistoryRow[];
}

export interface TimelineMessage {
  type: 'timeline';
  historySize: number;
  position: number | null;
  buckets: number;
  markers: HistoryMarkerRow[];
  /** One lane per recorded thread (empty for a hardware trace). */
  threads: ThreadLaneRow[];
  source: string;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type HostMessage = StateMessage | PositionMessage | PageMessage | TimelineMessage | ErrorMessage;

// ---- webview → host ---------------------------------------------------------

export interface ReadyRequest {
  type: 'ready';
}

/** Rows [start, start + count) of a view (for a search when `query` is not empty). */
export interface FetchRequest {
  type: 'fetch';
  view: HistoryViewName;
  query: string;
  start: number;
  count: number;
}

/** `count` rows of a view around history position `atIndex`. */
export interface FocusRequest {
  type: 'focus';
  view: HistoryViewName;
  query: string;
  atIndex: number;
  count: number;
}

export interface OpenRequest {
  type: 'open';
  file: string;
  line: number;
}

export interface TravelRequest {
  type: 'travel';
  index: number;
}

/** The timeline's markers summarised into `buckets` parts. */
export interface MarkersRequest {
  type: 'markers';
  buckets: number;
}

export type WebviewRequest = ReadyRequest | FetchRequest | FocusRequest | OpenRequest | TravelRequest | MarkersRequest;
