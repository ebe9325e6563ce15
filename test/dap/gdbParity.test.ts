// Through the adapter, on the judged fixture, what gdb does: a condition is
// judged by its value (an enum that is 0 is false whatever its enumerator
// is called; a struct is an error that says so), a breakpoint on a `for`
// header stops once, where the loop starts, while `next` comes back to
// the header every turn, and a function renamed with an asm label is
// found by its C name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { named, type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('judged', 'main.c');
const line = (marker: string): number => markerLine(source, marker);

/** `i` at each stop of a run to the end with one breakpoint on #JUDGE under `condition`, and the stops. */
async function judgeRun(client: RewindDebugClient, condition: string): Promise<{ turns: number[]; stops: DebugProtocol.StoppedEvent[] }> {
  await client.launchWithBreakpoints({ program: fixtureBinary('judged') }, [], async () => {
    const [breakpoint] = await client.setSourceBreakpoints(source, [{ line: line('JUDGE'), condition }]);
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
  });
  const turns: number[] = [];
  const stops: DebugProtocol.StoppedEvent[] = [];
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    stops.push(stopped);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, line('JUDGE'));
    turns.push(Number(named(await client.locals(frame.id), 'i').value));
  };
  const first = await client.waitForStopOrExit();
  if (first.kind === 'exited') return { turns, stops };
  await record(first.event);
  await client.continueUntilExit(first.event.body.threadId ?? 0, record, 8);
  return { turns, stops };
}

for (const [condition, expected] of [
  ['mode', [1, 3, 5]],
  ['color', [1, 2, 4, 5]],
  ['color == RED', [0, 3]],
  ['!mode && color != BLUE', [0, 4]],
] as const) {
  test(`condition '${condition}' is judged by the value, not by the enumerator's name`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const { turns } = await judgeRun(client, condition);
      assert.deepEqual(turns, expected);
    });
  });
}

test('a struct as a condition stops every time and says it is neither true nor false', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { turns, stops } = await judgeRun(client, 'pair');
    assert.deepEqual(turns, [0, 1, 2, 3, 4, 5], 'a condition that cannot be judged stops');
    assert.match(stops[0].body.description ?? '', /'pair' is a struct pair, which is neither true nor false/, JSON.stringify(stops[0].body));
  });
});

test('a breakpoint on a for header stops once, where the loop starts', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('judged') }, [{ source, lines: [line('FOR_HEADER')] }]);
    const threadId = stopped.body.threadId ?? 0;
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, line('FOR_HEADER'));
    assert.equal(await client.evaluateIn(frame.id, 'total'), '0');
    const { stops } = await client.continueUntilExit(threadId, async () => undefined, 8);
    assert.equal(stops.length, 0, `no stop at the increments: ${JSON.stringify(stops.map((stop) => stop.body))}`);
  });
});

test('next comes back to the for header on every turn of the loop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('judged') }, [{ source, lines: [line('JUDGE')] }]);
    const threadId = stopped.body.threadId ?? 0;
    await client.setLineBreakpoints(source, []);
    for (const turn of [1, 2]) {
      const header = await client.step('next', threadId);
      assert.equal(header.frame.line, line('FOR_HEADER'), `turn ${turn}: next from the body goes to the header`);
      const body = await client.step('next', threadId);
      assert.equal(body.frame.line, line('FOR_HEADER') + 1);
      assert.equal(named(await client.locals(body.frame.id), 'i').value, String(turn));
      for (let statement = 0; statement < 3; statement++) await client.step('next', threadId);
      assert.equal((await client.topFrame(threadId)).line, line('JUDGE'));
    }
  });
});

test('a function renamed with an asm label is found by its C name', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('judged') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'renamed' }] })).body.breakpoints;
    });
    assert.equal(breakpoints[0]?.verified, true, JSON.stringify(breakpoints));
    const stopped = await client.waitForStopped();
    assert.deepEqual(stopped.body.hitBreakpointIds, [breakpoints[0].id]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, line('RENAMED_BODY'));
    assert.equal(named(await client.locals(frame.id), 'x').value, '0');
  });
});
