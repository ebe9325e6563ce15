// Through the adapter: a write watch on a global (chosen in the Variables
// view, or typed as an expression) stops after each write, with "old → new"
// in the stop and the line after the write on top; a hit condition `% 2`
// stops at every second write only; a condition is judged on the value the
// write left, and one that cannot be evaluated stops and says why; a write
// of the value already there stops too. With the launch option
// `softwareWatchpoints` the watch is a software watchpoint on any machine:
// its answer and one console line say so, why and what it costs, and it
// stops exactly as a debug register would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, scope, setWatches, softwareNotice, startScenario, watchable, watchLine, watchMode } from '../support/watchRuns';
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
    assert.deepEqual(
      stops.map((stop) => stop.description),
      ['counter: 1 → 2', 'counter: 3 → 4'],
    );
    assert.equal(exitCode, 0);
  });
});

test('a watch with condition counter == 3 stops at the one write that makes it true', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = await watchable(client, { name: 'counter', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write', condition: 'counter == 3' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(
      stops.map((stop) => [stop.description, stop.line]),
      [['counter: 2 → 3', watchLine('COUNT_AFTER')]],
    );
    assert.equal(exitCode, 0);
  });
});

test('a watch whose condition cannot be evaluated stops at each write and names the problem', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = await watchable(client, { name: 'counter', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write', condition: 'no_such_name > 1' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.equal(stops.length, 5, JSON.stringify(stops));
    assert.match(stops[0].description, /^counter: 0 → 1 \(condition 'no_such_name > 1' could not be evaluated: .*no_such_name/);
    assert.equal(exitCode, 0);
  });
});

test('a write watch stops at a write that leaves the value as it was, and says so', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'same', 'SAME_START');
    const info = await watchable(client, { name: 'g1', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write' }]);
    assert.equal(watch.verified, true, JSON.stringify(watch));
    const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
    assert.deepEqual(
      stops.map((stop) => stop.description),
      ['g1: 0 → 7', 'g1: written, value unchanged (7)', 'g1: 7 → 8'],
    );
    assert.equal(stops[1].line, watchLine('SAME_AGAIN') + 1, 'stopped after the second write');
    assert.equal(exitCode, 0);
  });
});

test(
  'with softwareWatchpoints in the launch configuration the watch is a software watchpoint, said once on the console',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START', { softwareWatchpoints: true });
      const info = await watchable(client, { name: 'counter', frameId: frame.id });
      const request = [{ dataId: info.dataId as string, accessType: 'write' as const }];
      const [first] = await setWatches(client, request);
      const [watch] = await setWatches(client, request); // set again: the same watch, the console line not repeated
      assert.equal(watchMode([watch]), 'software');
      assert.equal(watch.id, first.id, 'a watch set again keeps its id');
      assert.match(watch.message ?? '', softwareNotice);
      assert.match(watch.message ?? '', /softwareWatchpoints is set in the launch configuration/, JSON.stringify(watch));
      assert.match(watch.message ?? '', /single-stepped, roughly [\d,]+ times slower/, JSON.stringify(watch));
      const consoleText = client.outputText('console');
      const notices = consoleText.split('\n').filter((line) => line.startsWith('Data breakpoints use software watchpoints: softwareWatchpoints is set'));
      assert.equal(notices.length, 1, `one console line: ${consoleText}`);
      const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
      assert.deepEqual(
        stops.map((stop) => [stop.description, stop.line, stop.hitBreakpointIds]),
        [1, 2, 3, 4, 5].map((value) => [`counter: ${value - 1} → ${value}`, watchLine('COUNT_AFTER'), [watch.id]]),
      );
      assert.equal(exitCode, 0);
    });
  },
);
