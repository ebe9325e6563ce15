// Through the adapter: watches that stop on reads. x86-64 cannot watch
// reads alone, so dataBreakpointInfo offers `write` and `readWrite` only
// (never `read` as if it were exact); a `read` that a client sends anyway is
// set as read/write and the answer says so. Either way a value that is only
// read stops once, on the line that reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, setWatches, startScenario, watchable, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

for (const accessType of ['read', 'readWrite'] as const) {
  test(`a ${accessType} watch on a global that is only read stops once, where it is read`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const { threadId, frame } = await startScenario(client, 'read', 'READ_START');
      const info = await watchable(client, { name: 'threshold', frameId: frame.id });
      assert.deepEqual(info.accessTypes, ['write', 'readWrite'], `reads alone are not offered: ${JSON.stringify(info)}`);
      const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType }]);
      assert.equal(watch.verified, true, JSON.stringify(watch));
      if (accessType === 'read') assert.match(watch.message ?? '', /read\/write/, `the answer says reads are watched as read/write: ${JSON.stringify(watch)}`);
      const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
      assert.equal(stops.length, 1, JSON.stringify(stops));
      assert.match(stops[0].function, /^read_threshold\b/);
      assert.equal(stops[0].line, watchLine('READ_LINE'));
      assert.match(stops[0].description, /threshold/);
      assert.equal(exitCode, 0);
      await client.waitForOutput('stdout', 'doubled 6\n');
    });
  });
}
