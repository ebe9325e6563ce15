// Through the adapter: what cannot be watched is said, not silently dropped.
// Five distinct 8-byte globals need five of the four debug registers: the
// fifth is unverified with a message naming what holds the registers, and
// the four others work. A condition (not available yet) leaves its watch
// unset with a message; a value not in memory gets no dataId, with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, setWatches, startScenario, watchable } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('the 5th watch of 5 distinct 8-byte globals is unverified, naming what holds the 4 registers', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'many', 'MANY_START');
    const names = ['g1', 'g2', 'g3', 'g4', 'g5'];
    const dataIds: string[] = [];
    for (const name of names) dataIds.push((await watchable(client, { name, frameId: frame.id })).dataId as string);
    const answers = await setWatches(client, dataIds.map((dataId) => ({ dataId, accessType: 'write' as const })));
    assert.deepEqual(answers.map((answer) => answer.verified), [true, true, true, true, false]);
    const message = answers[4].message ?? '';
    for (const holder of names.slice(0, 4)) assert.match(message, new RegExp(`\\b${holder}\\b`), `the message names ${holder}: ${message}`);
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(stops.map((stop) => stop.description), ['g1: 0 → 1', 'g2: 0 → 2', 'g3: 0 → 3', 'g4: 0 → 4']);
    assert.equal(exitCode, 0);
  });
});

test('a data breakpoint with a condition is unverified with a message and not set', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = await watchable(client, { name: 'counter', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write', condition: 'counter > 2' }]);
    assert.equal(watch.verified, false);
    assert.match(watch.message ?? '', /condition/i);
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(stops, [], 'the unset watch never stops');
    assert.equal(exitCode, 0);
  });
});

test('a value that is not in memory cannot be watched, and the reason is given', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = (await client.dataBreakpointInfoRequest({ name: 'counter + 1', frameId: frame.id })).body;
    assert.equal(info.dataId, null);
    assert.ok(info.description.length > 0, JSON.stringify(info));
  });
});
