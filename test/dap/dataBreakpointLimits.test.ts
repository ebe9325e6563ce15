// Through the adapter: what cannot be watched is said, not silently dropped.
// Five distinct 8-byte globals need five of the four debug registers: on the
// debug registers the fifth is unverified with a message naming what holds
// them, and the four others work; with software watchpoints (where the debug
// registers do not trap, or asked for) there is no such limit: all five are
// set, say so, and each one fires. A hit condition that is not understood
// leaves its watch unset with a message; a value not in memory gets no
// dataId, with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runToExitRecordingDataStops, setWatches, startScenario, watchable, watchMode } from '../support/watchRuns';
import { testTimeoutMs } from '../support/timeouts';

test(
  "5 watches of distinct 8-byte globals: the 5th is refused naming the 4 registers' holders, or, in software, all 5 fire",
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const { threadId, frame } = await startScenario(client, 'many', 'MANY_START');
      const names = ['g1', 'g2', 'g3', 'g4', 'g5'];
      const dataIds: string[] = [];
      for (const name of names) dataIds.push((await watchable(client, { name, frameId: frame.id })).dataId as string);
      const answers = await setWatches(
        client,
        dataIds.map((dataId) => ({ dataId, accessType: 'write' as const })),
      );
      if (watchMode(answers) === 'hardware') {
        assert.deepEqual(
          answers.map((answer) => answer.verified),
          [true, true, true, true, false],
        );
        const message = answers[4].message ?? '';
        for (const holder of names.slice(0, 4)) assert.match(message, new RegExp(`\\b${holder}\\b`), `the message names ${holder}: ${message}`);
        assert.match(message, /softwareWatchpoints/, `the message offers software watchpoints: ${message}`);
        const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
        assert.deepEqual(
          stops.map((stop) => stop.description),
          ['g1: 0 → 1', 'g2: 0 → 2', 'g3: 0 → 3', 'g4: 0 → 4'],
        );
        assert.equal(exitCode, 0);
        return;
      }
      assert.deepEqual(
        answers.map((answer) => answer.verified),
        [true, true, true, true, true],
        JSON.stringify(answers),
      );
      for (const answer of answers) assert.match(answer.message ?? '', /single-stepped, roughly [\d,]+ times slower/, JSON.stringify(answer));
      const { stops, exitCode } = await runToExitRecordingDataStops(client, threadId);
      assert.deepEqual(
        stops.map((stop) => stop.description),
        ['g1: 0 → 1', 'g2: 0 → 2', 'g3: 0 → 3', 'g4: 0 → 4', 'g5: 0 → 5'],
      );
      assert.deepEqual(
        stops.map((stop) => stop.hitBreakpointIds),
        answers.map((answer) => [answer.id]),
      );
      assert.equal(exitCode, 0);
    });
  },
);

test('a data breakpoint with a hit condition that is not understood is unverified with a message and not set', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await startScenario(client, 'counter', 'COUNT_START');
    const info = await watchable(client, { name: 'counter', frameId: frame.id });
    const [watch] = await setWatches(client, [{ dataId: info.dataId as string, accessType: 'write', hitCondition: 'now and then' }]);
    assert.equal(watch.verified, false);
    assert.match(watch.message ?? '', /The hit condition 'now and then' is not understood/);
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
