// Through the adapter: a watch set while several threads exist reaches all of
// them: a write by a thread other than the one that stopped stops in that
// thread, at the line after its write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { dataStop, runToExitRecordingDataStops, setWatches, startScenario, watchable, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('a watch set while threads run is hit by another thread', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'threads', 'THREADS_START');
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 4, `main and three writers: ${JSON.stringify(threads)}`);
    const info = await watchable(client, { name: 'thread_target', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    await client.continueRequest({ threadId });
    const stop = await dataStop(client, await client.waitForStopped());
    assert.notEqual(stop.threadId, threadId, 'the stop is in the writing thread, not the main one');
    assert.ok(
      threads.some((thread) => thread.id === stop.threadId),
      'a thread that existed when the watch was set',
    );
    assert.match(stop.function, /^thread_writer\b/);
    assert.equal(stop.line, watchLine('THREAD_AFTER'));
    assert.equal(stop.description, 'thread_target: 0 → 42');
    assert.deepEqual(stop.hitBreakpointIds, [watch.id]);
    const rest = await runToExitRecordingDataStops(client, stop.threadId);
    assert.deepEqual(rest.stops, []);
    assert.equal(rest.exitCode, 0);
  });
});
