// Reverse execution in a two-thread program: recorded from main while a
// worker thread adds to main's counter, the history is travelled in the
// worker (reverse-continue to its loop's breakpoint with its `i` going down,
// forward again inside the history), a reverse watchpoint on the counter
// stops in the worker before its previous write, and a reverse-continue to a
// breakpoint of main from the worker's past stops in main, before the worker
// existed, where it is not listed. After the join, the hits of the worker
// (exited since) are stopped at again (threadPast.test.ts looks closer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { local, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('branchy', 'main.cpp');
const line = (marker: string): number => markerLine(source, marker);

test('two threads: reverse-continue and a reverse watchpoint in the worker, then back into main before the worker', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    // Recording from main, to the worker's 16th pass (i == 15).
    const mainThread = await recordTo(client, 'branchy', source, 'MAIN_START', { args: ['threads'] });
    await client.setSourceBreakpoints(source, [{ line: line('WORKER'), condition: 'i == 15' }]);
    const atFifteen = await client.continueToStop(mainThread);
    const worker = atFifteen.body.threadId ?? 0;
    assert.equal(atFifteen.body.reason, 'breakpoint');
    assert.notEqual(worker, mainThread, 'the worker is its own thread');
    const threads = (await client.threadsRequest()).body.threads.map((thread) => thread.id);
    assert.deepEqual([...threads].sort(), [mainThread, worker].sort());

    // Backward in the worker: its loop breakpoint with i going down.
    await client.setLineBreakpoints(source, [line('WORKER')]);
    const seen: string[] = [];
    for (let round = 0; round < 2; round++) {
      const { stopped, frame } = await travel(client, 'reverseContinue', { threadId: worker });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.equal(stopped.body.threadId, worker);
      assert.equal(frame.line, line('WORKER'));
      assert.match(frame.name, /^worker\b/);
      seen.push(`${await local(client, frame.id, 'i')}:${await client.evaluateIn(frame.id, '*counter')}`);
    }
    // counter holds leaf(0) + … + leaf(i - 1) = 1 + … + i before pass i.
    assert.deepEqual(seen, ['14:105', '13:91']);

    // Forward inside the history: the next pass of the worker.
    const forward = await travel(client, 'continue', { threadId: worker });
    assert.equal(forward.stopped.body.threadId, worker);
    assert.match(forward.stopped.body.description ?? '', /history \d+\/\d+/);
    assert.equal(await local(client, forward.frame.id, 'i'), '14');

    // A reverse watchpoint on main's counter, written by the worker: before pass 13's write.
    await client.setLineBreakpoints(source, []);
    const info = (await client.dataBreakpointInfoRequest({ name: '*counter', frameId: forward.frame.id })).body;
    assert.ok(info.dataId, info.description);
    const set = (await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId, accessType: 'write' }] })).body.breakpoints;
    assert.equal(set[0].verified, true, set[0].message);
    const written = await travel(client, 'reverseContinue', { threadId: worker });
    assert.equal(written.stopped.body.reason, 'data breakpoint');
    assert.equal(written.stopped.body.threadId, worker);
    assert.equal(`${await local(client, written.frame.id, 'i')}:${await client.evaluateIn(written.frame.id, '*counter')}`, '13:91');
    await client.setDataBreakpointsRequest({ breakpoints: [] });

    // Back into main, before the worker was created.
    await client.setLineBreakpoints(source, [line('CALL_WEIGH')]);
    const inMain = await travel(client, 'reverseContinue', { threadId: worker });
    assert.equal(inMain.stopped.body.reason, 'breakpoint');
    assert.equal(inMain.stopped.body.threadId, mainThread);
    assert.equal(inMain.frame.line, line('CALL_WEIGH'));
    assert.equal(await local(client, inMain.frame.id, 'deep'), '4', 'nest(3) has returned');
    // The worker, alive at the live end, does not exist yet here.
    assert.deepEqual(
      (await client.threadsRequest()).body.threads.map((thread) => thread.id),
      [mainThread],
    );
    const refused = await client.sendForResponse('stackTrace', { threadId: worker });
    assert.equal(refused.success, false);
    assert.match(refused.message ?? '', /does not exist yet at this point of the history/);
    // Forward again to where it exists: listed.
    await client.setLineBreakpoints(source, [line('WORKER')]);
    const again = await travel(client, 'continue', { threadId: mainThread });
    assert.equal(again.stopped.body.threadId, worker);
    assert.equal((await client.threadsRequest()).body.threads.length, 2);
  });
});

test("two threads: after the join, reverse-continue goes back through the exited worker's hits and forward again", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const mainThread = await recordTo(client, 'branchy', source, 'DONE', { args: ['threads'] });
    await client.setLineBreakpoints(source, [line('WORKER')]);
    const seen: string[] = [];
    let worker = 0;
    for (let round = 0; round < 3; round++) {
      const { stopped, frame } = await travel(client, 'reverseContinue', { threadId: mainThread });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.notEqual(stopped.body.threadId, mainThread, 'stopped in the worker, which has exited since');
      worker = stopped.body.threadId ?? 0;
      assert.match(frame.name, /^worker\b/);
      seen.push(`${await local(client, frame.id, 'i')}:${await client.evaluateIn(frame.id, '*counter')}`);
    }
    assert.deepEqual(seen, ['19:190', '18:171', '17:153']);
    const forward = await travel(client, 'continue', { threadId: worker });
    assert.equal(forward.stopped.body.threadId, worker);
    assert.equal(await local(client, forward.frame.id, 'i'), '18');
    assert.doesNotMatch(client.outputText('console'), /cannot be shown/);
  });
});
