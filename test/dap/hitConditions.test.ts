// Through the adapter: hit conditions count the hits of a breakpoint in the
// helper and stop exactly at the counts asked for: `== 10`, `>= 5`, `% 3`.
// A hit condition that is not understood makes only its own breakpoint
// unverified, with a message; the others in the same request are set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { loopBodyLine, loopSource, runLoopWith } from '../support/loopRuns';
import { markerLine } from '../support/markers';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test('hit condition == 10 over a loop of 12 stops once, at the 10th hit (i = 9)', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 12, { hitCondition: '== 10' });
    assert.equal(client.capabilities.supportsHitConditionalBreakpoints, true);
    assert.equal(run.breakpoint.verified, true, JSON.stringify(run.breakpoint));
    assert.deepEqual(run.stopsAt, [9]);
    assert.equal(run.exitCode, 0);
  });
});

test('hit condition >= 5 over a loop of 8 stops at hits 5 to 8 (i = 4..7)', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 8, { hitCondition: '>= 5' });
    assert.deepEqual(run.stopsAt, [4, 5, 6, 7]);
    assert.equal(run.exitCode, 0);
  });
});

test('hit condition % 3 over a loop of 10 stops at hits 3, 6, 9 (i = 2, 5, 8)', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 10, { hitCondition: '% 3' });
    assert.deepEqual(run.stopsAt, [2, 5, 8]);
    assert.equal(run.exitCode, 0);
  });
});

test('a hit condition that is not understood leaves only its breakpoint unset', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const doneLine = markerLine(loopSource, 'LOOP_DONE');
    let answered: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['3'] }, [], async () => {
      answered = await client.setSourceBreakpoints(loopSource, [{ line: loopBodyLine, hitCondition: 'every third' }, { line: doneLine }]);
    });
    assert.equal(answered[0].verified, false);
    assert.match(answered[0].message ?? '', /every third/);
    assert.equal(answered[1].verified, true, JSON.stringify(answered[1]));
    const stopped = await client.waitForStopped();
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, doneLine, 'the first stop is the plain breakpoint after the loop');
  });
});
