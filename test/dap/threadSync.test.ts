// Threaded programs under the exact recorder (fixture `threadsync`): a
// mutex counter, a producer/consumer with a condition variable, and a spin
// on an atomic flag with no system call in the spin. Each is recorded from
// main to after its joins, gone back through its threads' breakpoint hits —
// every hit showing the shared values as they were, each step of the chain
// consistent with the one after it — forward again inside the history, and
// on to the program's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RewindDebugClient } from '../support/dapClient';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { local, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('threadsync', 'main.c');
const line = (marker: string): number => markerLine(source, marker);

interface Hit {
  threadId: number;
  values: Record<string, number>;
}

/** Reverse-continues `count` times to breakpoints at `marker`, reading `expressions` in the hit's frame. */
async function hitsBackward(client: RewindDebugClient, threadId: number, marker: string, count: number, expressions: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (let n = 0; n < count; n++) {
    const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint', `hit ${n + 1} going back`);
    assert.equal(frame.line, line(marker));
    const values: Record<string, number> = {};
    for (const expression of expressions) values[expression] = Number(await client.evaluateIn(frame.id, expression));
    hits.push({ threadId: stopped.body.threadId ?? 0, values });
  }
  return hits;
}

/** Records `mode` from main to `doneMarker` (after the joins); main's thread and its frame there. */
async function recordPastJoins(client: RewindDebugClient, mode: string, doneMarker: string): Promise<{ mainThread: number; frameId: number }> {
  const mainThread = await recordTo(client, 'threadsync', source, 'MAIN_START', { args: [mode] });
  await client.setLineBreakpoints(source, [line(doneMarker)]);
  const done = await client.continueToStop(mainThread);
  assert.equal(done.body.threadId, mainThread);
  return { mainThread, frameId: (await client.topFrame(mainThread)).id };
}

/** Continues to the end of the program (no breakpoints left) and returns its exit code. */
async function runToExit(client: RewindDebugClient, threadId: number): Promise<number> {
  await client.setLineBreakpoints(source, []);
  const { exited } = await client.continueUntilExit(threadId, async () => undefined, 0);
  return exited.body.exitCode;
}

test("mutex counter: back through both adders' hits after their joins, forward again, on to the end", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { mainThread, frameId } = await recordPastJoins(client, 'mutex', 'MUTEX_DONE');
    assert.equal(await client.evaluateIn(frameId, 'counter'), '505', '5 × 1 + 5 × 100');

    await client.setLineBreakpoints(source, [line('MUTEX_ADD')]);
    const hits = await hitsBackward(client, mainThread, 'MUTEX_ADD', 10, ['counter', 'step', 'n']);
    // Newest first: each add leaves what the next (newer) hit sees.
    let after = 505;
    for (const hit of hits) {
      assert.notEqual(hit.threadId, mainThread);
      assert.equal(hit.values.counter + hit.values.step, after, JSON.stringify(hits));
      after = hit.values.counter;
    }
    assert.equal(after, 0, 'the first add saw 0');
    assert.equal(new Set(hits.map((hit) => hit.threadId)).size, 2, 'both adders');
    for (const step of [1, 100]) {
      const own = hits.filter((hit) => hit.values.step === step).map((hit) => hit.values.n);
      assert.deepEqual(own, [4, 3, 2, 1, 0], `adder ${step}: n going down`);
    }
    // Before the first add there is none: the start of the recording, in main.
    const start = await travel(client, 'reverseContinue', { threadId: mainThread });
    assert.equal(start.stopped.body.threadId, mainThread);
    assert.match(start.stopped.body.description ?? '', /start of the recording/);

    // Forward inside the history: the first hit again, then the second.
    const first = await travel(client, 'continue', { threadId: mainThread });
    assert.equal(first.stopped.body.threadId, hits[9].threadId);
    assert.equal(await client.evaluateIn(first.frame.id, 'counter'), '0');
    const second = await travel(client, 'continue', { threadId: first.stopped.body.threadId ?? 0 });
    assert.equal(second.stopped.body.threadId, hits[8].threadId);
    assert.equal(Number(await client.evaluateIn(second.frame.id, 'counter')), hits[8].values.counter);
    assert.equal(await runToExit(client, mainThread), 0, 'main saw 505');
  });
});

test('producer/consumer with a condition variable: the items back in order after the joins, forward again', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { mainThread, frameId } = await recordPastJoins(client, 'condvar', 'CONDVAR_DONE');
    assert.equal(await client.evaluateIn(frameId, 'consumedSum'), '100', '10 + 20 + 30 + 40');

    await client.setLineBreakpoints(source, [line('CONSUME')]);
    const consumed = await hitsBackward(client, mainThread, 'CONSUME', 4, ['item', 'consumedSum', 'full']);
    assert.deepEqual(
      consumed.map((hit) => [hit.values.item, hit.values.consumedSum, hit.values.full]),
      [
        [40, 60, 1],
        [30, 30, 1],
        [20, 10, 1],
        [10, 0, 1],
      ],
    );
    const consumer = consumed[0].threadId;
    assert.ok(
      consumed.every((hit) => hit.threadId === consumer && consumer !== mainThread),
      'all in the consumer',
    );

    // The producer's hits, going back from the first consumption: the first item only.
    await client.setLineBreakpoints(source, [line('PRODUCE')]);
    const produced = await hitsBackward(client, consumer, 'PRODUCE', 1, ['item', 'full', 'consumedSum']);
    assert.deepEqual(produced[0].values, { item: 1, full: 0, consumedSum: 0 });
    assert.notEqual(produced[0].threadId, consumer);

    // Forward: the producer's second item comes after the first was consumed.
    const next = await travel(client, 'continue', { threadId: produced[0].threadId });
    assert.equal(next.stopped.body.threadId, produced[0].threadId);
    assert.equal(await local(client, next.frame.id, 'item'), '2');
    assert.equal(await client.evaluateIn(next.frame.id, 'consumedSum'), '10');
    assert.equal(await runToExit(client, mainThread), 0, 'main saw 100');
  });
});

test('spin on an atomic without system calls: back into the spinner after its join, forward to where it saw the flag', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { mainThread, frameId } = await recordPastJoins(client, 'spin', 'SPIN_DONE');
    const spun = Number(await client.evaluateIn(frameId, 'spins'));
    assert.ok(spun >= 3, `main waited for three spins (${spun})`);
    assert.equal(await client.evaluateIn(frameId, 'go'), '1');

    // The spinner's last pass, after its join: its last increment made spins what main saw.
    await client.setLineBreakpoints(source, [line('SPIN')]);
    const [last] = await hitsBackward(client, mainThread, 'SPIN', 1, ['spins']);
    const spinner = last.threadId;
    assert.notEqual(spinner, mainThread);
    assert.equal(last.values.spins, spun - 1);
    // Where main set the flag, the spinner had spun at least three times.
    await client.setLineBreakpoints(source, [line('SPIN_SET')]);
    const set = await travel(client, 'reverseContinue', { threadId: spinner });
    assert.equal(set.stopped.body.threadId, mainThread);
    assert.equal(await client.evaluateIn(set.frame.id, 'go'), '0');
    const atSet = Number(await client.evaluateIn(set.frame.id, 'spins'));
    assert.ok(atSet >= 3 && atSet <= spun, `spins where main set the flag: ${atSet}`);
    // The spinner's passes before that, newest first: one spin less each.
    await client.setLineBreakpoints(source, [line('SPIN')]);
    const before = await hitsBackward(client, mainThread, 'SPIN', 2, ['spins', 'go']);
    assert.deepEqual(
      before.map((hit) => [hit.threadId, hit.values.spins, hit.values.go]),
      [
        [spinner, before[1].values.spins + 1, 0],
        [spinner, before[1].values.spins, 0],
      ],
    );
    assert.ok(before[0].values.spins < atSet);

    // Forward: the spinner sees the flag and leaves the loop with every spin counted.
    await client.setLineBreakpoints(source, [line('SPUN')]);
    const seen = await travel(client, 'continue', { threadId: mainThread });
    assert.equal(seen.stopped.body.threadId, spinner);
    assert.equal(await client.evaluateIn(seen.frame.id, 'go'), '1');
    assert.equal(Number(await client.evaluateIn(seen.frame.id, 'spins')), spun);
    assert.equal(await runToExit(client, mainThread), 0, 'main saw the spins');
  });
});
