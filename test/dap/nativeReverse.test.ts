// Reverse execution on a native recording (recordEngine "native"): a
// reverse-continue replays the program from a checkpoint — system calls not
// made again but their logged results written back, rdtsc from the log —
// counts the breakpoint's hits up to the present and stops at the last one
// that qualifies; the session then shows that replay. Its locals (a file's
// chunk, a pipe's echo, getrandom, clock_gettime, rdtsc, a mapped file's
// byte) and all general registers equal what the same hit showed live, and
// what the single-step recorder shows there (what is the same in every run);
// conditions and hit conditions choose the hit; with none, the start of the
// recording. Continue goes forward in the past, back to the present (the
// live program as it was), and on to the program's end. A mapped file
// changed behind the recording makes the replay diverge: the request fails
// naming it and the program goes on live. Disconnecting in the past leaves
// no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { withDebugClient } from '../support/dapClient';
import { eventually } from '../support/processes';
import { fixtureBinary } from '../support/paths';
import { hitState, inputFiles, nativePastSource as source, processesOf, roundLine, rounds, runLiveTo, steadyShape } from '../support/nativePast';
import { travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

test('reverse-continue on a native recording stops at the last hit with every local and register as seen live', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, rounds - 1);
    assert.equal(seen.length, rounds);
    assert.match(client.outputText('console'), /Reverse-continue replays it/);

    // Back hit by hit: each round's values and registers as they were live.
    for (let round = rounds - 2; round >= 0; round--) {
      const { stopped } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.match(stopped.body.description ?? '', /native history: event \d+/);
      const past = await hitState(client, threadId);
      assert.deepEqual(past, seen[round], `round ${round} in the past equals round ${round} live`);
    }
    // No hit before round 0: the start of the recording.
    const { stopped: start } = await travel(client, 'reverseContinue', { threadId });
    assert.match(start.body.description ?? '', /start of the recording/);

    // Changing the past is refused; other reverse requests say what works.
    const frame = await client.topFrame(threadId);
    assert.notEqual(frame.line, roundLine);
    const back = await client.sendForResponse('stepBack', { threadId });
    assert.equal(back.success, false);
    assert.match(back.message ?? '', /serves reverse-continue/);

    // Forward in the past: round 0, 1, … then the present (round 4 as it stood), then on live.
    for (let round = 0; round < rounds - 1; round++) {
      const { stopped } = await travel(client, 'continue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(await hitState(client, threadId), seen[round], `round ${round} going forward`);
    }
    const { stopped: present } = await travel(client, 'continue', { threadId });
    assert.match(present.body.description ?? '', /Back at the present/);
    assert.deepEqual(await hitState(client, threadId), seen[rounds - 1], 'the live program as it was left');
    // A variable can be set again at the present.
    const { exited } = await client.continueUntilExit(threadId);
    assert.equal(exited.body.exitCode, 0);
    assert.match(client.outputText('stdout'), new RegExp(`total \\d+ after ${rounds} rounds`));
  });
});

test('native reverse-continue shows what the single-step recorder shows at the same hit', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  // The native engine puts its system-call buffer into the environment
  // (LD_PRELOAD), which moves the initial stack: the stack is compared by
  // the frame's size, the code by its address.
  const backFromRound2 = async (recordEngine: 'native' | 'step'): Promise<string[]> =>
    withDebugClient(async (client) => {
      const { threadId } = await runLiveTo(client, files, 2, { line: roundLine }, recordEngine);
      const { stopped } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      const state = await hitState(client, threadId);
      return steadyShape(state);
    });
  const native = await backFromRound2('native');
  assert.ok(native.includes('round=1'), `round 1: ${native.join(' ')}`);
  assert.deepEqual(native, await backFromRound2('step'));
});

test('native reverse-continue honours conditions and hit conditions', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    // Every second hit stops live: rounds 1 and 3.
    const { threadId, seen } = await runLiveTo(client, files, 3, { line: roundLine, hitCondition: '% 2' });
    assert.deepEqual(
      seen.map((state) => state.locals.round),
      ['1', '3'],
    );
    const { stopped } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(await hitState(client, threadId), seen[0], 'the hit numbered 2 (round 1), not round 2');

    // A condition: back at the present first, then to the round it names.
    await travel(client, 'continue', { threadId });
    await client.setSourceBreakpoints(source, [{ line: roundLine, condition: 'round == 0' }]);
    const { stopped: conditional } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(conditional.body.reason, 'breakpoint');
    const state = await hitState(client, threadId);
    assert.equal(state.locals.round, '0');
    assert.equal(state.locals.echoed, '1');
  });
});

test('native reverse-continue from a step: back to the last hit; continue goes on live past the present', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 2);
    const { frame: stepped } = await client.step('next', threadId);
    assert.notEqual(stepped.line, roundLine, 'the present is no breakpoint stop');
    const { stopped } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(await hitState(client, threadId), seen[2], 'round 2, just before the step');
    // Forward: no hit before the present, which was a step: the program runs on live to round 3.
    const { stopped: live } = await travel(client, 'continue', { threadId });
    assert.equal(live.body.reason, 'breakpoint');
    const state = await hitState(client, threadId);
    assert.equal(state.locals.round, '3');
    assert.doesNotMatch(live.body.description ?? '', /native history/);
  });
});

test('native reverse-continue refuses while an instruction breakpoint is set, which it would pass over', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 1);
    const frame = await client.topFrame(threadId);
    await client.send('setInstructionBreakpoints', { breakpoints: [{ instructionReference: frame.instructionPointerReference }] });
    const refused = await client.sendForResponse('reverseContinue', { threadId });
    assert.equal(refused.success, false);
    assert.match(refused.message ?? '', /not yet at instruction or data breakpoints.*"recordEngine": "step"/);
    await client.send('setInstructionBreakpoints', { breakpoints: [] });
    await travel(client, 'reverseContinue', { threadId });
    assert.deepEqual(await hitState(client, threadId), seen[0]);
  });
});

test('a mapped file changed behind a native recording: reverse-continue fails naming it; the program goes on live', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId } = await runLiveTo(client, files, 2);
    fs.writeFileSync(files.mapped, Buffer.alloc(4096, 1));
    const response = await client.sendForResponse('reverseContinue', { threadId });
    assert.equal(response.success, false);
    assert.match(response.message ?? '', /mapped\.bin.*changed since it was recorded/);
    assert.match(response.message ?? '', /stays at the present/);
    const { stops, exited } = await client.continueUntilExit(threadId);
    assert.equal(stops.length, rounds - 3);
    assert.equal(exited.body.exitCode, 0);
  });
});

test('disconnecting in the past of a native recording leaves no process of the program', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  const program = fixtureBinary('nativepast');
  const ours = (): number[] => processesOf(files);
  await withDebugClient(async (client) => {
    const { threadId } = await runLiveTo(client, files, 2);
    await travel(client, 'reverseContinue', { threadId });
    assert.ok(ours().length >= 2, `the live program, its replay and checkpoints run: ${ours().join(', ')} (${program})`);
    await client.disconnectRequest({ terminateDebuggee: true });
  });
  assert.ok(await eventually(() => ours().length === 0, 10_000), `no process left: ${ours().join(', ')}`);
});
