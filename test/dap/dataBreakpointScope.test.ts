// Through the adapter: a watch on a local variable lives as long as its
// frame. It stops on the local's writes; when the function returns the watch
// is removed (a `breakpoint` event with reason `removed` and a console
// line say so), and the reuse of that stack memory afterwards stops nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, scope, setWatches, startScenario, watchable, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('a watch on a local stops on its writes and is removed when its function returns', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'local', 'LOCAL_START');
    const locals = await scope(client, frame.id, 'Locals');
    const info = await watchable(client, { variablesReference: locals.ref, name: 'local_sum' });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(
      stops.map((stop) => [stop.description, stop.line]),
      [
        ['local_sum: 0 → 1', watchLine('LOCAL_AFTER')],
        ['local_sum: 1 → 3', watchLine('LOCAL_AFTER')],
        ['local_sum: 3 → 6', watchLine('LOCAL_AFTER')],
      ],
    );
    const history = client.events.history;
    const removed = history.findIndex(
      (event) =>
        event.event === 'breakpoint' &&
        (event as DebugProtocol.BreakpointEvent).body.reason === 'removed' &&
        (event as DebugProtocol.BreakpointEvent).body.breakpoint.id === watch.id,
    );
    assert.ok(removed >= 0, `a breakpoint event removes data breakpoint ${watch.id}`);
    assert.ok(removed < history.findIndex((event) => event.event === 'exited'), 'the removal comes before the exit');
    assert.match(client.outputText('console'), /local_sum/, 'the Debug Console says the watch was removed');
    assert.equal(exitCode, 0);
    await client.waitForOutput('stdout', 'local sum 6, scribbled 441\n');
  });
});
