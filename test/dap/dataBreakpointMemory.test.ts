// Through the adapter: watches on memory that is not a plain variable — one
// field of a struct (only its writes stop), the heap int a pointer points at
// (its pointee child in the Variables view), and a heap range given as an
// address and a size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { dataStop, runToExitRecordingDataStops, scope, setWatches, startScenario, watchable, watchableChild, watchLine } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test('a watch on one field of a struct stops on its writes only', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'fields', 'FIELDS_START');
    const origin = named((await scope(client, frame.id, 'Globals')).variables, 'origin');
    const [watch] = await setWatches(client, [{ dataId: await watchableChild(client, origin, 'y'), accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.equal(stops.length, 2, `the writes of y stop, those of x do not: ${JSON.stringify(stops)}`);
    assert.match(stops[0].description, /\by: 0 → 2$/);
    assert.equal(stops[0].line, watchLine('FIELDS_AFTER_Y1'));
    assert.match(stops[1].description, /\by: 2 → 4$/);
    assert.equal(stops[1].line, watchLine('FIELDS_AFTER_Y2'));
    assert.equal(exitCode, 0);
  });
});

test('a watch on the heap int a pointer points at stops when it is written', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'heap', 'HEAP_START');
    const buffer = named(await client.locals(frame.id), 'buffer');
    const [watch] = await setWatches(client, [{ dataId: await watchableChild(client, buffer, '*buffer'), accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.equal(stops.length, 1, `only buffer[0] is watched: ${JSON.stringify(stops)}`);
    assert.match(stops[0].description, /0 → 10$/);
    assert.match(stops[0].function, /^fill_buffer\b/);
    assert.equal(stops[0].line, watchLine('FILL_AFTER'));
    assert.equal(exitCode, 0);
  });
});

test('a watch on an address range of the heap stops when those bytes are written', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'heap', 'HEAP_START');
    assert.equal(client.capabilities.supportsDataBreakpointBytes, true);
    const buffer = BigInt(await client.evaluateIn(frame.id, 'buffer'));
    const fourth = `0x${(buffer + 12n).toString(16)}`;
    const info = await watchable(client, { name: fourth, asAddress: true, bytes: 4 });
    assert.match(info.description, /4 bytes/);
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    await client.continueRequest({ threadId });
    const stop = await dataStop(client, await client.waitForStopped());
    assert.match(stop.description, /0 → 40$/);
    assert.equal(stop.line, watchLine('FILL_AFTER'));
    const writer = await client.topFrame(stop.threadId);
    assert.equal(await client.evaluateIn(writer.id, 'k'), '3', 'the write of buffer[3] stopped');
    const rest = await runToExitRecordingDataStops(client, stop.threadId);
    assert.deepEqual(rest.stops, []);
    assert.equal(rest.exitCode, 0);
  });
});
