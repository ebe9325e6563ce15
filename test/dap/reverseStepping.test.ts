// Reverse execution through the adapter, line by line: with a recording
// from main, stepBack is reverse-next (over calls, in the same frame of a
// recursion), reverseStepIn enters the callee at the last line it ran (its
// closing brace, as gdb's reverse-step does),
// reverseStepOut returns to the call site, and stepping forward again
// inside the history replays to where the program was. Where the user's
// own steps reach the place, the same tests run on a native recording
// (recordEngine "native": those steps are recorded exactly); the others
// need the exact window built in the past, not there yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { local, recordTo as recordToMarker, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('reverse', 'main.c');
const line = (marker: string): number => markerLine(source, marker);
type Engine = 'native' | 'step';
const engines: Engine[] = ['step', 'native'];
// No engine named: the launch's default ("auto").
const recordTo = (client: RewindDebugClient, marker: string, recordEngine?: Engine): Promise<number> =>
  recordToMarker(client, 'reverse', source, marker, recordEngine ? { recordEngine } : {});

test('a recording from main turns on step back, and stepBack steps back over a call', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'AFTER_SQUARE');
    const capabilities = client.events.history.filter((event) => event.event === 'capabilities');
    assert.ok(
      capabilities.some((event) => (event.body as { capabilities: DebugProtocol.Capabilities }).capabilities.supportsStepBack === true),
      'a capabilities event turns supportsStepBack on',
    );
    assert.notEqual(client.capabilities.supportsStepBack, true, 'initialize does not claim step back before a recording');
    const back = await travel(client, 'stepBack', { threadId });
    assert.equal(back.frame.line, line('CALL_SQUARE'));
    assert.match(back.frame.name, /^main\b/);
    assert.match(back.stopped.body.description ?? '', /history \d+\/\d+/, 'the stop says where in the history it is');
    assert.equal(await local(client, back.frame.id, 'a'), '3');
    const again = await travel(client, 'stepBack', { threadId });
    assert.equal(again.frame.line, line('MAIN_START'));
  });
});

for (const engine of engines) {
  test(`reverseStepIn from the line after a call enters the callee at its last line (${engine} recording)`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      // A native recording steps back through the user's own steps: one `next` over the call first.
      const threadId = await recordTo(client, engine === 'native' ? 'CALL_SQUARE' : 'AFTER_SQUARE', engine);
      if (engine === 'native') assert.equal((await client.step('next', threadId)).frame.line, line('AFTER_SQUARE'));
      const into = await travel(client, 'reverseStepIn', { threadId });
      assert.match(into.frame.name, /^square\b/);
      assert.equal(into.frame.line, line('SQUARE_END'));
      assert.equal(await local(client, into.frame.id, 'result'), '9');
      assert.equal((await travel(client, 'stepBack', { threadId })).frame.line, line('SQUARE_RETURN'));
      const back = await travel(client, 'stepBack', { threadId });
      assert.equal(back.frame.line, line('SQUARE_BODY'));
      assert.equal(await local(client, back.frame.id, 'x'), '3');
      const out = await travel(client, 'reverseStepOut', { threadId });
      assert.match(out.frame.name, /^main\b/);
      assert.equal(out.frame.line, line('CALL_SQUARE'));
    });
  });
}

test('stepBack over the recursive call stays in the same frame of the recursion', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'DEPTH_RETURN');
    // The first stop at DEPTH_RETURN is the innermost frame that returns (n == 1).
    const top = await client.topFrame(threadId);
    assert.equal(await local(client, top.id, 'n'), '1');
    const back = await travel(client, 'stepBack', { threadId });
    assert.equal(back.frame.line, line('DEPTH_CALL'));
    assert.equal(await local(client, back.frame.id, 'n'), '1', 'still the frame with n == 1');
    const frames = await client.frames(threadId);
    assert.equal(frames.filter((frame) => /^depth\b/.test(frame.name)).length, 3, 'depth(3) → depth(2) → depth(1)');
  });
});

test('next and continue inside the history replay forward to the live end', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'AFTER_SQUARE');
    await travel(client, 'stepBack', { threadId });
    await travel(client, 'stepBack', { threadId });
    const forward = await client.step('next', threadId);
    assert.equal(forward.frame.line, line('CALL_SQUARE'));
    assert.match(forward.stopped.body.description ?? '', /history/);
    const live = await client.step('next', threadId);
    assert.equal(live.frame.line, line('AFTER_SQUARE'));
    const onLive = await client.step('next', threadId);
    assert.equal(onLive.frame.line, markerLine(source, 'LOOP_WRITE') - 1, 'on past the end of the history, live');
    assert.equal(await local(client, onLive.frame.id, 'c'), '10');
  });
});

for (const engine of engines) {
  test(`stepping live while recording steps over calls, and the steps can be stepped back (${engine} recording)`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const threadId = await recordTo(client, 'CALL_SQUARE', engine);
      const over = await client.step('next', threadId);
      assert.equal(over.frame.line, line('AFTER_SQUARE'), 'next over square() while recording');
      assert.equal(await local(client, over.frame.id, 'b'), '9');
      const into = await client.step('stepIn', threadId);
      assert.equal(into.frame.line, markerLine(source, 'LOOP_WRITE') - 1);
      const back = await travel(client, 'stepBack', { threadId });
      assert.equal(back.frame.line, line('AFTER_SQUARE'));
      const further = await travel(client, 'stepBack', { threadId });
      assert.equal(further.frame.line, line('CALL_SQUARE'));
      const instruction = await travel(client, 'stepBack', { threadId, granularity: 'instruction' });
      if (engine === 'native') {
        // The steps began at CALL_SQUARE: before them the native recording is not stepped back in yet.
        assert.match(instruction.stopped.body.description ?? '', /first of the steps recorded exactly/);
        assert.equal(instruction.frame.line, line('CALL_SQUARE'));
        return;
      }
      assert.ok(instruction.frame.line === line('MAIN_START') || instruction.frame.line === line('CALL_SQUARE'), 'one instruction back');
      assert.notEqual(instruction.frame.instructionPointerReference, further.frame.instructionPointerReference, 'reverse-stepi moves the pc');
    });
  });
}
