// Through the adapter: `singleThread` on next and continue keeps the other
// threads stopped. In the threads fixture the workers count without pause;
// their counters do not move while the main thread steps over a busy call
// or continues to a breakpoint with singleThread, and they do move when the
// same step is made without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const threadsSource = fixtureSource('threads', 'main.c');

async function workerTicks(client: RewindDebugClient, threadId: number): Promise<string> {
  const frame = await client.topFrame(threadId);
  const ticks: string[] = [];
  for (let index = 0; index < 3; index++) ticks.push(await client.evaluateIn(frame.id, `worker_ticks[${index}]`));
  return ticks.join(',');
}

async function stepTo(client: RewindDebugClient, threadId: number, marker: string, singleThread: boolean): Promise<void> {
  await client.nextRequest({ threadId, singleThread });
  const stopped = await client.waitForStopped();
  assert.equal(stopped.body.threadId, threadId);
  assert.equal((await client.topFrame(threadId)).line, markerLine(threadsSource, marker));
}

test('singleThread next and continue keep the other threads stopped; plain next lets them run', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('threads') }, [
      { source: threadsSource, lines: [markerLine(threadsSource, 'ALL_READY')] },
    ]);
    assert.equal(client.capabilities.supportsSingleThreadExecutionRequests, true);
    const main = stopped.body.threadId ?? 0;
    const before = await workerTicks(client, main);
    await stepTo(client, main, 'MAIN_BUSY_1', true);
    await stepTo(client, main, 'MAIN_BUSY_2', true);
    assert.equal(await workerTicks(client, main), before, 'the workers did not run while main stepped over busy_main() alone');
    await client.setLineBreakpoints(threadsSource, [markerLine(threadsSource, 'MAIN_BUSY_3')]);
    const continued = await client.continueRequest({ threadId: main, singleThread: true });
    assert.equal(continued.body.allThreadsContinued, false);
    const atBusy3 = await client.waitForStopped();
    assert.equal(atBusy3.body.threadId, main);
    assert.equal((await client.topFrame(main)).line, markerLine(threadsSource, 'MAIN_BUSY_3'));
    assert.equal(await workerTicks(client, main), before, 'the workers did not run while main continued alone');
    await stepTo(client, main, 'RELEASE', false);
    assert.notEqual(await workerTicks(client, main), before, 'the workers ran while main stepped over busy_main() with everyone');
  });
});
