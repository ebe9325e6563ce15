// Shared by the branch-history tests (helper, DAP, webview, bench): the
// bodies of the branch-history requests as the tests read them (the helper
// protocol; the adapter sends the same shapes with "0x…" addresses), and a
// helper session that records the branchy fixture from main to a marker.
import assert from 'node:assert/strict';
import type { HelperDriver } from '../support/helperDriver';
import { waitForStopped } from '../support/helperFlows';
import type { StoppedBody } from '../support/helperTypes';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';

export const branchySource: string = fixtureSource('branchy', 'main.cpp');
export const branchyLine = (marker: string): number => markerLine(branchySource, marker);
export interface PageFrame {
  source: string;
  travelable: boolean;
  historySize: number;
  position: number | null;
  total: number;
  start: number;
  focus: number | null;
}

export interface CallSegment {
  ordinal: number;
  startIndex: number;
  endIndex: number;
  depth: number;
  tid: number;
  function: string;
  instructionCount: number;
  address: number | string;
  arrival: string | null;
  file?: string;
  startLine?: number;
  endLine?: number;
}

export interface TakenBranch {
  ordinal: number;
  index: number | null;
  from: number | string;
  to: number | string;
  kind: string;
  tid: number;
  function: string;
  toFunction: string;
  file?: string;
  line?: number;
  toFile?: string;
  toLine?: number;
}

export interface HistoryInstruction {
  index: number;
  address: number | string;
  tid: number;
  kind: string;
  function?: string;
  file?: string;
  line?: number;
  text?: string;
}

export interface HistoryMarker {
  index: number;
  count: number;
  kind: string;
}

export type CallPage = PageFrame & { minDepth: number; segments: CallSegment[] };
export type BranchPage = PageFrame & { branches: TakenBranch[] };
export type InstructionPage = PageFrame & { instructions: HistoryInstruction[] };
export interface ThreadLane {
  tid: number;
  name: string;
  first: number | null;
  last: number | null;
  switches: { index: number; count: number }[];
}
export type MarkerPage = { historySize: number; position: number | null; markers: HistoryMarker[]; threads?: ThreadLane[] };

/** Launches the branchy fixture recording from main (`args`), runs to `marker` and clears that breakpoint. */
export async function recordBranchyTo(helper: HelperDriver, marker: string, args: string[] = []): Promise<StoppedBody> {
  await helper.request('initialize');
  await helper.request('launch', { program: fixtureBinary('branchy'), args, record: 'fromMain' });
  await helper.request('setBreakpoints', { source: branchySource, lines: [branchyLine(marker)] });
  await helper.request('configurationDone');
  const stopped = await waitForStopped(helper);
  assert.equal(stopped.reason, 'breakpoint', `stopped at #${marker}`);
  await helper.request('setBreakpoints', { source: branchySource, lines: [] });
  return stopped;
}

/** Every row of a paged request, page by page. */
export async function allRows<Row>(
  fetch: (start: number, count: number) => Promise<{ total: number; rows: Row[] }>,
  pageSize = 1000,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const page = await fetch(rows.length, pageSize);
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}
