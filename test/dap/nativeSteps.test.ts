// Reverse steps on a native recording (recordEngine "native"): the user's
// own steps — by line and by instruction — are recorded exactly while the
// program otherwise runs at native speed, so stepping back through them
// needs no replay. Each step back shows the line, every local and every
// general register the forward step showed (a pipe's write and read undone:
// the echoed value before them), and the same as the single-step recorder
// shows for the same requests; going forward again and on live ends the
// program with its output. Reverse-continue from inside the steps' past
// finds the breakpoint hit where they began, then replays the native log
// further back (or, where system calls were logged during the steps, stops
// at their first position and says why); continue comes back through them
// to live. Before any step,
// and after the program ran on, a step back is refused with a sentence.
// Disconnecting in the steps' past leaves no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { hitState, inputFiles, nativePastSource, processesOf, roundLine, rounds, runLiveTo, steadyShape, type HitState } from '../support/nativePast';
import { eventually } from '../support/processes';
import { recordingInfo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const pipeLine = markerLine(nativePastSource, 'PIPE');
const randomLine = markerLine(nativePastSource, 'RANDOM');
const linesFromRoundToRandom = 6; // the loop's increment, chunk, read, sent, the pipe, random
// …then getrandom (a system call that stops), clock_gettime (buffered) and
// the nanoseconds' line. (The next line's inlined __rdtsc is left out: a
// step back by line from after it stops inside it, on both engines alike.)
const linesFromRoundToNanoseconds = 9;

/** Sends `command` and returns what the stop shows. */
async function stepTo(client: RewindDebugClient, threadId: number, command: string, granularity?: 'instruction'): Promise<HitState> {
  const { stopped } = await travel(client, command, granularity ? { threadId, granularity } : { threadId });
  assert.equal(stopped.body.reason, 'step', `${command}: ${stopped.body.description}`);
  return hitState(client, threadId);
}

// From the round-2 hit: `next` through the loop's body up to the
// nanoseconds' line, three instructions, then back by instruction and by line,
// forward again, and on to the end.
// Returns what is the same in every run at each position.
async function stepsAndBack(recordEngine: 'native' | 'step'): Promise<string[][]> {
  const files = inputFiles();
  return withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 2, { line: roundLine }, recordEngine);
    const byLine: HitState[] = [seen[2]];
    for (let step = 0; step < linesFromRoundToNanoseconds; step++) byLine.push(await stepTo(client, threadId, 'next'));
    assert.equal(byLine[linesFromRoundToRandom - 1].line, pipeLine);
    assert.equal(byLine[linesFromRoundToRandom].line, randomLine);
    assert.equal(byLine[linesFromRoundToRandom - 1].locals.echoed, '0', 'before the pipe');
    assert.equal(byLine[linesFromRoundToRandom].locals.echoed, String(3 * 7 + 1), 'the pipe echoed round 3');
    assert.equal(byLine[linesFromRoundToNanoseconds].line, roundLine - 3);

    const byInstruction: HitState[] = [byLine[linesFromRoundToNanoseconds]];
    for (let step = 0; step < 3; step++) byInstruction.push(await stepTo(client, threadId, 'next', 'instruction'));
    for (let step = 2; step >= 0; step--) {
      assert.deepEqual(await stepTo(client, threadId, 'stepBack', 'instruction'), byInstruction[step], `instruction ${step} again`);
    }
    for (let step = linesFromRoundToNanoseconds - 1; step >= 0; step--) {
      assert.deepEqual(await stepTo(client, threadId, 'stepBack'), byLine[step], `line ${step} again`);
    }
    if (recordEngine === 'native') {
      assert.doesNotMatch(client.outputText('console'), /native history/, 'served from the exact steps, no replay');
      const info = await recordingInfo(client);
      assert.equal(info.native?.active, true, `the native recording goes on: ${JSON.stringify(info.native)}`);
    }
    for (let step = 1; step <= linesFromRoundToNanoseconds; step++) {
      assert.deepEqual(await stepTo(client, threadId, 'next'), byLine[step], `line ${step} going forward again`);
    }
    const { stops, exited } = await client.continueUntilExit(threadId);
    assert.equal(stops.length, rounds - 3, 'rounds 3 and 4 stop live');
    assert.equal(exited.body.exitCode, 0);
    assert.match(client.outputText('stdout'), new RegExp(`total \\d+ after ${rounds} rounds`));
    return [...byLine, ...byInstruction].map(steadyShape);
  });
}

test(
  'stepping back through the steps taken on a native recording shows what the steps showed, as the step recorder does',
  { timeout: testTimeoutMs },
  async () => {
    const native = await stepsAndBack('native');
    assert.deepEqual(native, await stepsAndBack('step'), 'the same lines, locals and frames as the single-step recorder');
  },
);

test(
  'reverse-continue from the past of the steps: the hit they began at, then a replay further back, and forward to live',
  { timeout: testTimeoutMs },
  async () => {
    const files = inputFiles();
    await withDebugClient(async (client) => {
      const { threadId, seen } = await runLiveTo(client, files, 2);
      // No step yet: nothing recorded exactly to step back in.
      const refused = await client.sendForResponse('stepBack', { threadId });
      assert.equal(refused.success, false);
      assert.match(refused.message ?? '', /serves reverse-continue, and steps back through the steps taken since the program last ran on/);

      for (let step = 0; step < 3; step++) await stepTo(client, threadId, 'next');
      await stepTo(client, threadId, 'stepBack');
      const { stopped: began } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(began.body.reason, 'breakpoint');
      assert.match(began.body.description ?? '', /where your steps began/);
      assert.deepEqual(await hitState(client, threadId), seen[2], 'round 2 as it stopped live');

      const { stopped: replayed } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(replayed.body.reason, 'breakpoint');
      assert.match(replayed.body.description ?? '', /native history/);
      assert.deepEqual(await hitState(client, threadId), seen[1], 'round 1, replayed');

      const { stopped: present } = await travel(client, 'continue', { threadId });
      assert.match(present.body.description ?? '', /Back at the present/);
      assert.deepEqual(await hitState(client, threadId), seen[2]);
      const { stopped: live } = await travel(client, 'continue', { threadId });
      assert.equal(live.body.reason, 'breakpoint');
      assert.doesNotMatch(live.body.description ?? '', /native history|history \d/);
      assert.equal((await hitState(client, threadId)).locals.round, '3');

      // The program ran on: its steps are no longer kept.
      const again = await client.sendForResponse('stepBack', { threadId });
      assert.equal(again.success, false);
      assert.match(again.message ?? '', /steps taken since the program last ran on/);
      const { exited } = await client.continueUntilExit(threadId);
      assert.equal(exited.body.exitCode, 0);
    });
  },
);

test('reverse-continue from the past of steps that made system calls stops at their first position and says why', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 2);
    // Through the pipe and getrandom (a system call that stops: logged).
    for (let step = 0; step < linesFromRoundToRandom + 1; step++) await stepTo(client, threadId, 'next');
    await stepTo(client, threadId, 'stepBack');
    const { stopped: began } = await travel(client, 'reverseContinue', { threadId });
    assert.match(began.body.description ?? '', /where your steps began/);
    assert.deepEqual(await hitState(client, threadId), seen[2]);
    // The native log goes on past this position: it cannot be its present.
    const { stopped: first } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(first.body.reason, 'step');
    assert.match(first.body.description ?? '', /first of the steps recorded exactly.*system calls were logged during them/);
    assert.deepEqual(await hitState(client, threadId), seen[2], 'still where the steps began');
    // Forward through the steps, then live to round 3.
    const { stopped: live } = await travel(client, 'continue', { threadId });
    assert.equal(live.body.reason, 'breakpoint');
    assert.equal((await hitState(client, threadId)).locals.round, '3');
    const { exited } = await client.continueUntilExit(threadId);
    assert.equal(exited.body.exitCode, 0);
  });
});

test('disconnecting in the past of the steps on a native recording leaves no process of the program', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  const ours = (): number[] => processesOf(files);
  await withDebugClient(async (client) => {
    const { threadId } = await runLiveTo(client, files, 1);
    await stepTo(client, threadId, 'next');
    await stepTo(client, threadId, 'next');
    await stepTo(client, threadId, 'stepBack');
    assert.ok(ours().length >= 1);
    await client.disconnectRequest({ terminateDebuggee: true });
  });
  assert.ok(await eventually(() => ours().length === 0, 10_000), `no process left: ${ours().join(', ')}`);
});
