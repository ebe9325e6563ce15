// Through the adapter: a breakpoint condition is evaluated next to the
// program, so only the turn of the loop where it holds stops; a condition
// that cannot be evaluated stops and says why (a long one quoted by its
// start and length).
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

test('a long condition that cannot be evaluated is quoted by its start and length in the stop, not whole', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const condition = `no_such_variable${'_x'.repeat(5000)} == 1`;
    const run = await runLoopWith(client, 1, { condition });
    assert.deepEqual(run.stopsAt, [0]);
    const description = run.stops[0].body.description ?? '';
    assert.ok(description.length < 600, `a short description: ${description.length} characters`);
    assert.ok(description.startsWith("Breakpoint condition 'no_such_variable_x_x"), description);
    assert.match(description, new RegExp(`… \\(${condition.length} characters\\)' could not be evaluated: .*no_such_variable`));
  });
});
