// Runs the loop fixture (a loop of N turns whose body line is #LOOP_BODY)
// under the adapter with one breakpoint with options on that line, and
// collects the value of `i` at every stop until the program exits: the
// shared shape of the condition and hit-condition tests.
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient } from './dapClient';
import { markerLine } from './markers';
import { fixtureBinary, fixtureSource } from './paths';

export const loopSource = fixtureSource('loop', 'main.c');
export const loopBodyLine = markerLine(loopSource, 'LOOP_BODY');

export interface LoopRun {
  breakpoint: DebugProtocol.Breakpoint;
  /** `i` at each stop, in order. */
  stopsAt: number[];
  /** The stopped events, in order. */
  stops: DebugProtocol.StoppedEvent[];
  exitCode: number;
}

/** The loop variable `i` in the top frame of the stopped thread. */
export async function loopIndex(client: RewindDebugClient, threadId: number): Promise<number> {
  const frame = await client.topFrame(threadId);
  assert.equal(frame.line, loopBodyLine, 'stopped on the loop body');
  return Number(named(await client.locals(frame.id), 'i').value);
}

/** Launches `loop turns` with `options` on the loop body line and runs it to its end. */
export async function runLoopWith(client: RewindDebugClient, turns: number, options: Omit<DebugProtocol.SourceBreakpoint, 'line'>): Promise<LoopRun> {
  let breakpoint: DebugProtocol.Breakpoint | undefined;
  await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: [String(turns)] }, [], async () => {
    [breakpoint] = await client.setSourceBreakpoints(loopSource, [{ line: loopBodyLine, ...options }]);
  });
  assert.ok(breakpoint, 'the breakpoint was answered');
  const stopsAt: number[] = [];
  const stops: DebugProtocol.StoppedEvent[] = [];
  const first = await client.waitForStopOrExit();
  if (first.kind === 'exited') return { breakpoint, stopsAt, stops, exitCode: first.event.body.exitCode };
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    stops.push(stopped);
    stopsAt.push(await loopIndex(client, stopped.body.threadId ?? 0));
  };
  await record(first.event);
  const { exited } = await client.continueUntilExit(first.event.body.threadId ?? 0, record, turns + 1);
  return { breakpoint, stopsAt, stops, exitCode: exited.body.exitCode };
}

/**
 * From a stop on the loop body: `next` over the body, then over the loop's
 * increment and test, which ends on the body again with i = `nextIndex`;
 * that pass was stepped, not judged, so the run then goes on to its end
 * with no stop.
 */
export async function stepOnePassThenRunOut(client: RewindDebugClient, threadId: number, nextIndex: number): Promise<void> {
  await client.step('next', threadId);
  const { stopped, frame } = await client.step('next', threadId);
  assert.equal(stopped.body.reason, 'step');
  assert.deepEqual([frame.line, await client.evaluateIn(frame.id, 'i')], [loopBodyLine, String(nextIndex)]);
  const rest = await client.continueUntilExit(threadId, async () => {}, 3);
  assert.deepEqual(
    rest.stops.map((stop) => stop.body),
    [],
    'no stop after the steps',
  );
  assert.equal(rest.exited.body.exitCode, 0);
}
