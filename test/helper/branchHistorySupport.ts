// Shared by the branch-history tests (helper, DAP, webview, bench): the
// bodies of the branch-history requests as the tests read them (the helper
// protocol; the adapter sends the same shapes with "0x…" addresses), and a
// helper session that records the branchy fixture from main to a marker.
import assert from 'node:assert/strict';
import type { HelperDriver } from '../support/helperDriver';
import { waitForStopped } from '../support/helperFlows';
import type {
  BranchPage as PageFrame,
  HelperCallSegment,
  HelperHistoryInstruction,
  HelperHistoryMarker,
  HelperTakenBranch,
  HelperThreadLane,
} from '../../adapter/src/helper/protocol';
import type { StoppedBody } from '../support/helperTypes';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';

export const branchySource: string = fixtureSource('branchy', 'main.cpp');
export const branchyLine = (marker: string): number => markerLine(branchySource, marker);
/** The helper protocol's shapes (generated from its schema), under the names these tests use. */
export type {
  BranchPage as PageFrame,
  HelperCallSegment as CallSegment,
  HelperHistoryInstruction as HistoryInstruction,
  HelperHistoryMarker as HistoryMarker,
  HelperTakenBranch as TakenBranch,
} from '../../adapter/src/helper/protocol';

export type CallPage = PageFrame & { minDepth: number; segments: HelperCallSegment[] };
export type BranchPage = PageFrame & { branches: HelperTakenBranch[] };
export type InstructionPage = PageFrame & { instructions: HelperHistoryInstruction[] };
export type ThreadLane = HelperThreadLane;
export type MarkerPage = { historySize: number; position: number | null; markers: HelperHistoryMarker[]; threads?: HelperThreadLane[] };

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
export async function allRows<Row>(fetch: (start: number, count: number) => Promise<{ total: number; rows: Row[] }>, pageSize = 1000): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const page = await fetch(rows.length, pageSize);
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}
