// Through the adapter: source breakpoints in hardware mode (DAP
// `breakpointModes`). Where the CPU's debug registers trap, a hardware
// breakpoint stops like a software one without writing the code; where they
// do not (some virtual machines), it is refused with the reason and never
// stops. A mode that is not Rewind's leaves only its own breakpoint unset,
// with the reason. A hardware breakpoint traps before its instruction runs:
// a thread resumed from its address (continue, next, stepIn by instruction)
// is let past it once, so it stops at the next pass, not where it stood.
// While recording, the recorded steps stop at its address before the
// instruction, so the history holds each instruction once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stopAtMarker, valueOf } from '../support/inspection';
import { markerLine } from '../support/markers';
import { recordTo, travel } from '../support/reverseTravel';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

/** Continues to a stop that must be the hardware breakpoint `id`; answers the loop's `i` there. */
async function continueToHardwareHit(client: RewindDebugClient, threadId: number, id: number | undefined): Promise<string> {
  const stopped = await client.continueToStop(threadId);
  assert.equal(stopped.body.reason, 'breakpoint');
  assert.deepEqual(stopped.body.hitBreakpointIds, [id]);
  return valueOf(client, (await client.topFrame(threadId)).id, 'i');
}

// As the machine is, and with the debug registers turned off
// (REWIND_DEBUG_REGISTERS=off), so that a machine whose registers trap runs
// both branches.
for (const turnedOff of [false, true]) {
  test(
    `a hardware source breakpoint stops where the debug registers trap, or is refused with the reason; a bad mode unsets only its own${turnedOff ? ' (registers turned off)' : ''}`,
    { timeout: testTimeoutMs },
    async () => {
      await withDebugClient(
        async (client) => {
          const { threadId, frame } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', ['5']);
          assert.equal(await valueOf(client, frame.id, 'i'), '0');
          const [hardware, magic] = await client.setSourceBreakpoints(loopSource, [
            { line: markerLine(loopSource, 'LOOP_BODY'), mode: 'hardware' },
            { line: markerLine(loopSource, 'LOOP_DONE'), mode: 'magic' },
          ]);
          assert.equal(magic.verified, false);
          assert.match(magic.message ?? '', /^The breakpoint mode 'magic' is not one of 'software', 'hardware'\. This breakpoint is not set\.$/);
          if (hardware.verified) {
            // A machine whose debug registers trap. The thread stands where the
            // hardware breakpoint is (it traps before the instruction runs): a
            // resume passes over it, so each continue stops at the next pass.
            for (const i of ['1', '2']) assert.equal(await continueToHardwareHit(client, threadId, hardware.id), i);
            // next from it goes on to the next line, not to the same pass again.
            const next = await client.step('next', threadId);
            assert.equal(next.stopped.body.reason, 'step');
            assert.notEqual(next.frame.line, markerLine(loopSource, 'LOOP_BODY'));
            assert.equal(await valueOf(client, next.frame.id, 'i'), '2');
            assert.equal(await continueToHardwareHit(client, threadId, hardware.id), '3');
            // stepIn by instruction from it runs that instruction.
            const at = BigInt((await client.topFrame(threadId)).instructionPointerReference ?? '0');
            await client.send('stepIn', { threadId, granularity: 'instruction' });
            const stepped = await client.waitForStopped();
            assert.equal(stepped.body.reason, 'step');
            assert.notEqual(BigInt((await client.topFrame(threadId)).instructionPointerReference ?? '0'), at);
            assert.equal(await continueToHardwareHit(client, threadId, hardware.id), '4');
            await client.continueRequest({ threadId });
            const exited = await client.waitFor('exited');
            assert.equal((exited.body as { exitCode: number }).exitCode, 0);
            return;
          }
          assert.match(hardware.message ?? '', /^A hardware breakpoint needs the CPU's debug registers, but .*debug registers.*software mode/);
          if (turnedOff) assert.match(hardware.message ?? '', /turned off for this session \(REWIND_DEBUG_REGISTERS=off\)/);
          // The refused one does not stop: the program runs to its end.
          await client.continueRequest({ threadId });
          const exited = await client.waitFor('exited');
          assert.equal((exited.body as { exitCode: number }).exitCode, 0);
        },
        turnedOff ? { ...process.env, REWIND_DEBUG_REGISTERS: 'off' } : process.env,
      );
    },
  );
}

test('while recording, a hardware breakpoint stops at each pass and the history holds its instruction once', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'loop', loopSource, 'LOOP_BODY', { args: ['5'] });
    const [hardware] = await client.setSourceBreakpoints(loopSource, [{ line: markerLine(loopSource, 'LOOP_BODY'), mode: 'hardware' }]);
    if (!hardware.verified) {
      assert.match(hardware.message ?? '', /^A hardware breakpoint needs the CPU's debug registers, but .*debug registers.*software mode/);
      return;
    }
    for (const i of ['1', '2']) assert.equal(await continueToHardwareHit(client, threadId, hardware.id), i);
    const at = (await client.topFrame(threadId)).instructionPointerReference;
    // One instruction back is the loop's jump to the body, not the body's
    // first instruction logged a second time.
    const back = await travel(client, 'stepBack', { threadId, granularity: 'instruction' });
    assert.notEqual(BigInt(back.frame.instructionPointerReference ?? '0'), BigInt(at ?? '0'));
    assert.notEqual(back.frame.line, markerLine(loopSource, 'LOOP_BODY'));
    // Back to the previous pass, and forward to this one again.
    const previous = await travel(client, 'reverseContinue', { threadId });
    assert.deepEqual([previous.stopped.body.reason, previous.stopped.body.hitBreakpointIds], ['breakpoint', [hardware.id]]);
    assert.equal(await valueOf(client, previous.frame.id, 'i'), '1');
    const again = await travel(client, 'continue', { threadId });
    assert.deepEqual([again.stopped.body.reason, again.stopped.body.hitBreakpointIds], ['breakpoint', [hardware.id]]);
    assert.equal(await valueOf(client, again.frame.id, 'i'), '2');
    assert.equal(again.frame.instructionPointerReference, at);
  });
});
