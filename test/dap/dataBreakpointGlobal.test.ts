// Through the adapter: a write watch on a global (chosen in the Variables
// view, or typed as an expression) stops after each write, with "old → new"
// in the stop and the line after the write on top; a hit condition `% 2`
// stops at every second write only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, scope, setWatches, startScenario, watchable, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('a write watch on a global stops after each increment with old → new at the line after the write', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame, lineBreakpoint } = await startScenario(client, 'counter', 'COUNT_START');
    assert.equal(client.capabilities.supportsDataBreakpoints, true);
    const globals = await scope(client, frame.id, 'Globals');
    const info = await watchable(client, { variablesReference: globals.ref, name: 'counter' });
    assert.match(info.description, /counter/);
    assert.ok(info.accessTypes?.includes('write'), JSON.stringify(info));
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    assert.ok(watch.id !== undefined && watch.id !== lineBreakpoint.id, `the data breakpoint has its own id (${watch.id} vs ${lineBreakpoint.id})`);
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(
      stops.map((stop) => stop.description),
      ['counter: 0 → 1', 'counter: 1 → 2', 'counter: 2 → 3', 'counter: 3 → 4', 'counter: 4 → 5'],
    );
    for (const stop of stops) {
      assert.match(stop.function, /^count_up\b/);
      assert.equal(stop.line, watchLine('COUNT_AFTER'));
      assert.deepEqual(stop.hitBreakpointIds, [watch.id]);
    }
    assert.equal(exitCode, 0);
  });
});

test('a watch expression with hit condition % 2 stops at every second write', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = await watchable(client, { name: 'counter', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write', hitCondition: '% 2' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(stops.map((stop) => stop.description), ['counter: 1 → 2', 'counter: 3 → 4']);
    assert.equal(exitCode, 0);
  });
});
