// Stepping in the recorded history over a function's opening (its
// prologue), checked against gdb's `record full` on the same fixture: from
// a callee's first body line, reverse step-in and reverse-next go back to
// the start of the caller's line that made the call (not to the callee's
// opening line), and step-in forward inside the history stops on the
// callee's first body line, as live stepping does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { local, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('reverse', 'main.c');
const line = (marker: string): number => markerLine(source, marker);

test("from a callee's first line, going back skips its opening and stepping in skips it forward", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'SQUARE_RETURN');
    // Where the call line starts: a breakpoint there, reached backwards.
    await client.setLineBreakpoints(source, [line('CALL_SQUARE')]);
    const atCall = await travel(client, 'reverseContinue', { threadId });
    assert.equal(atCall.frame.line, line('CALL_SQUARE'));
    const callLineStart = atCall.frame.instructionPointerReference;
    assert.ok(callLineStart, 'frames carry their instruction pointer');
    await client.setLineBreakpoints(source, []);

    const into = await travel(client, 'stepIn', { threadId });
    assert.match(into.frame.name, /^square\b/);
    assert.equal(into.frame.line, line('SQUARE_BODY'), 'step-in in the history stops after the opening, on the body');
    assert.match(into.stopped.body.description ?? '', /history/, 'still inside the history');
    assert.equal(await local(client, into.frame.id, 'x'), '3');

    const reverseIn = await travel(client, 'reverseStepIn', { threadId });
    assert.match(reverseIn.frame.name, /^main\b/);
    assert.equal(reverseIn.frame.line, line('CALL_SQUARE'), 'reverse step-in from the first body line returns to the call line');
    assert.equal(reverseIn.frame.instructionPointerReference, callLineStart, 'at the start of the call line, as gdb');

    await travel(client, 'stepIn', { threadId });
    const reverseNext = await travel(client, 'stepBack', { threadId });
    assert.match(reverseNext.frame.name, /^main\b/);
    assert.equal(reverseNext.frame.line, line('CALL_SQUARE'), 'reverse-next from the first body line returns to the call line');
    assert.equal(reverseNext.frame.instructionPointerReference, callLineStart);
    assert.equal(await local(client, reverseNext.frame.id, 'a'), '3');
  });
});

test("reverse step-in from the first line of a recursive call returns to the caller's call line", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DEPTH_RETURN');
    // The innermost frame that returns is n == 1; go to its first line.
    const back = await travel(client, 'stepBack', { threadId });
    assert.equal(back.frame.line, line('DEPTH_CALL'));
    const test1 = await travel(client, 'stepBack', { threadId });
    assert.equal(test1.frame.line, line('DEPTH_TEST'));
    assert.equal(await local(client, test1.frame.id, 'n'), '1');
    const caller = await travel(client, 'reverseStepIn', { threadId });
    assert.equal(caller.frame.line, line('DEPTH_CALL'), 'the call line of the caller, not the opening of depth()');
    assert.equal(await local(client, caller.frame.id, 'n'), '2', "in the caller's frame (n == 2)");
    const frames = await client.frames(threadId);
    assert.equal(frames.filter((frame) => /^depth\b/.test(frame.name)).length, 2, 'depth(3) → depth(2)');
  });
});
