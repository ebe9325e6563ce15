// Through the adapter: a data breakpoint while a recording runs (launch
// `record: "fromMain"`). The recorder single-steps the program, so a watched
// write comes in the middle of a recorded step: with the debug registers
// their trap comes as the step's own, with software watchpoints the step
// is compared. Either way each write stops, as without the recording, and
// the history knows the writes: travelling back and forth stops at them,
// and the run goes on live from the end of the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { valueOf } from '../support/inspection';
import { travel } from '../support/reverseTravel';
import { dataStop, scope, setWatches, startScenario, watchable, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('while recording, a write watch stops after each write, and the history stops at them too', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START', { record: 'fromMain' });
    const globals = await scope(client, frame.id, 'Globals');
    const info = await watchable(client, { variablesReference: globals.ref, name: 'counter' });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    for (const change of ['0 → 1', '1 → 2', '2 → 3']) {
      const stop = await dataStop(client, await client.continueToStop(threadId));
      assert.ok(stop.description.startsWith(`counter: ${change}`), stop.description);
      assert.deepEqual([stop.line, stop.hitBreakpointIds], [watchLine('COUNT_AFTER'), [watch.id]]);
    }
    // Back: just before the third write; forward again: just after it, at
    // the end of the history.
    const back = await travel(client, 'reverseContinue', { threadId });
    assert.deepEqual([back.stopped.body.reason, back.stopped.body.hitBreakpointIds], ['data breakpoint', [watch.id]]);
    assert.deepEqual([back.frame.line, await valueOf(client, back.frame.id, 'counter')], [watchLine('COUNT_INC'), '2']);
    const forward = await travel(client, 'continue', { threadId });
    assert.deepEqual([forward.stopped.body.reason, forward.stopped.body.hitBreakpointIds], ['data breakpoint', [watch.id]]);
    assert.deepEqual([forward.frame.line, await valueOf(client, forward.frame.id, 'counter')], [watchLine('COUNT_AFTER'), '3']);
    // Live again, still recording: the next write stops.
    const live = await dataStop(client, await client.continueToStop(threadId));
    assert.ok(live.description.startsWith('counter: 3 → 4'), live.description);
  });
});
