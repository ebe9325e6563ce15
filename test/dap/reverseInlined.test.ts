// Reverse steps through code the compiler inlined, on the `optimized`
// fixture at -O2 (cell_weight is inlined into main) with a recording made
// by the single-step engine: an inlined call is a call, as it is for the
// forward steps (stepping.test / optimizedFunctions.test). reverseStepOut
// from inside an inlined copy returns to main just before the copy's code
// began, where gdb's reverse-finish stops; stepBack goes back over the
// inlined calls and stops at every place `next` stopped going forward,
// and reverseStepIn enters an inlined copy at the last line it ran, as it
// enters a real callee.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { recordingInfo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('optimized', 'main.c');
const inlined = /^cell_weight\b/;

const describe = (frames: DebugProtocol.StackFrame[]): string => frames.map((frame) => `${frame.name.replace(/\(.*$/, '').trim()}:${frame.line}`).join(' < ');

/** Stops by their place in the history, one a line. */
const placesText = (stops: Map<number, string>): string => [...stops].map(([place, stop]) => `${place} ${stop}`).join('\n');

/** Launches optimized-O2 recording from main and stops at the `hit`-th call of cell_weight (an inlined copy). */
async function recordToInlinedCall(client: RewindDebugClient, hit: number): Promise<number> {
  await client.launchWithBreakpoints({ program: fixtureBinary('optimized-O2'), record: 'fromMain', recordEngine: 'step' }, [], async () => {
    const [breakpoint] = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cell_weight' }] })).body.breakpoints;
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
  });
  let stopped = await client.waitForStopped();
  for (let i = 1; i < hit; i++) stopped = await client.continueToStop(stopped.body.threadId ?? 0);
  const threadId = stopped.body.threadId ?? 0;
  assert.match((await client.topFrame(threadId)).name, inlined);
  await client.setFunctionBreakpointsRequest({ breakpoints: [] });
  return threadId;
}

test('optimized-O2: reverseStepOut from an inlined copy stops in main just before the copy began, as gdb does', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    // The 14th call: the second loop's copy (#MAIN_WEIGH_AGAIN) for cells[1].
    const threadId = await recordToInlinedCall(client, 14);
    const inside = await client.frames(threadId);
    assert.match(inside[1].name, /^main\b/, describe(inside));
    assert.equal(inside[1].line, markerLine(source, 'MAIN_WEIGH_AGAIN'), describe(inside));
    assert.equal(await client.evaluateIn(inside[0].id, 'scale'), '3');
    assert.equal(await client.evaluateIn(inside[0].id, 'cell->size'), '2');
    await travel(client, 'reverseStepOut', { threadId });
    const out = await client.frames(threadId);
    const listing = `${describe(inside)} -> ${describe(out)}`;
    assert.match(out[0].name, /^main\b/, listing);
    assert.ok(!out.some((frame) => inlined.test(frame.name)), listing);
    assert.equal(out.length, inside.length - 1, `one frame fewer: ${listing}`);
    // gdb 13 (process record, same program, same stop) answers reverse-finish
    // with `main (...) at main.c:52`: the loop's header, whose code the
    // compiler placed just before the inlined copy's.
    assert.equal(out[0].line, markerLine(source, 'MAIN_LOOP_AGAIN'), listing);
  });
});

test(
  'optimized-O2: stepBack stops wherever next stopped going forward, never in an inlined copy, and next in the history replays those stops',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const threadId = await recordToInlinedCall(client, 2);
      await client.step('stepOut', threadId);
      // Forward stops are at the live end: the history's size is the place.
      const forward = new Map<number, string>([[(await recordingInfo(client)).size ?? -1, describe(await client.frames(threadId))]]);
      for (let i = 0; i < 8; i++) {
        await client.step('next', threadId);
        forward.set((await recordingInfo(client)).size ?? -1, describe(await client.frames(threadId)));
      }
      const listing = placesText(forward);
      assert.ok(![...forward.values()].some((stop) => inlined.test(stop)), `next stays out of the inlined copies:\n${listing}`);
      const first = Math.min(...forward.keys());
      const backward = new Map<number, string>();
      for (let place = Infinity; place > first; ) {
        await travel(client, 'stepBack', { threadId });
        place = (await recordingInfo(client)).position ?? -1;
        backward.set(place, describe(await client.frames(threadId)));
        assert.ok(backward.size < 40, `stepBack comes back to ${first}: ${[...backward.keys()]}`);
      }
      const back = placesText(backward);
      for (const stop of backward.values()) assert.match(stop, /^main:\d+ < __libc_start_call_main/, `stepBack stays in main, never in cell_weight:\n${back}`);
      const start = Math.max(...forward.keys());
      for (const [place, stop] of [...forward].filter(([place]) => place !== start)) {
        assert.equal(backward.get(place), stop, `stepBack stops at ${place} (${stop}), where next stopped:\nforward:\n${listing}\nbackward:\n${back}`);
      }
      // next inside the history, from the first place, replays the same stops.
      const replayed = new Map<number, string>();
      for (let i = 0; i < forward.size - 1; i++) {
        await travel(client, 'next', { threadId });
        replayed.set((await recordingInfo(client)).position ?? -1, describe(await client.frames(threadId)));
      }
      const again = placesText(replayed);
      assert.deepEqual([...replayed], [...forward].slice(1), `next in the history:\n${again}\nlive:\n${listing}`);
    });
  },
);

test(
  'optimized-O2: reverseStepIn from the line after an inlined call enters the copy at its last line, and stepOut leaves it again',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const threadId = await recordToInlinedCall(client, 2);
      const inside = await client.frames(threadId);
      // Live: out of the copy, back into main.
      await client.step('stepOut', threadId);
      let frames = await client.frames(threadId);
      const before = describe(frames);
      await travel(client, 'reverseStepIn', { threadId });
      frames = await client.frames(threadId);
      assert.match(frames[0].name, inlined, `${before} -> ${describe(frames)}`);
      assert.ok(
        frames[0].line >= markerLine(source, 'WEIGHT_BODY') && frames[0].line <= markerLine(source, 'WEIGHT_RETURN'),
        `${before} -> ${describe(frames)}`,
      );
      assert.deepEqual(
        frames.slice(1).map((frame) => frame.name),
        inside.slice(1).map((frame) => frame.name),
        `the same callers as at the forward stop: ${describe(inside)} / ${describe(frames)}`,
      );
      // stepOut inside the history leaves the copy where the live stepOut did.
      await travel(client, 'stepOut', { threadId });
      assert.equal(describe(await client.frames(threadId)), before, 'stepOut in the history ends where the live one did');
    });
  },
);
