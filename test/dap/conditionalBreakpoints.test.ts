// Through the adapter: a breakpoint condition is evaluated next to the
// program, so only the turn of the loop where it holds stops; a condition
// that cannot be evaluated stops and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runLoopWith } from '../support/loopRuns';
import { testTimeoutMs } from '../support/timeouts';

test('condition i == 5 over a loop of 10 stops exactly once, with i = 5', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 10, { condition: 'i == 5' });
    assert.equal(client.capabilities.supportsConditionalBreakpoints, true);
    assert.equal(run.breakpoint.verified, true, JSON.stringify(run.breakpoint));
    assert.deepEqual(run.stopsAt, [5]);
    assert.equal(run.stops[0].body.reason, 'breakpoint');
    assert.equal(run.exitCode, 0);
  });
});

test('condition i > 7 over a loop of 10 stops at i = 8 and 9', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 10, { condition: 'i > 7' });
    assert.deepEqual(run.stopsAt, [8, 9]);
    assert.equal(run.exitCode, 0);
  });
});

test('a condition that cannot be evaluated stops and says why', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 2, { condition: 'no_such_variable == 1' });
    assert.deepEqual(run.stopsAt, [0, 1], 'every hit stops');
    assert.match(run.stops[0].body.description ?? '', /no_such_variable/, JSON.stringify(run.stops[0].body));
  });
});
