// Through the adapter: an expression nested thousands of levels deep is an
// evaluate error that says so — never a crash of the helper, which would
// end the session and the program — and as a breakpoint condition it
// stops with that reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { runLoopWith, loopBodyLine, loopSource } from '../support/loopRuns';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

function nestedCasts(count: number): string {
  let expression = 'i';
  for (let level = 0; level < count; level++) expression = `((int)${expression})`;
  return expression;
}

test('evaluate refuses an expression nested too deeply and the session goes on', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('loop'), args: ['2'] }, [{ source: loopSource, lines: [loopBodyLine] }]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    for (const expression of [nestedCasts(7000), `${'-'.repeat(10000)}i`]) {
      const response = await client.sendForResponse('evaluate', { expression, frameId: frame.id, context: 'watch' });
      assert.equal(response.success, false);
      assert.match(response.message ?? '', /nested too deeply/, response.message);
      assert.ok((response.message ?? '').length < 400, 'the message does not echo the expression');
    }
    assert.equal(await client.evaluateIn(frame.id, nestedCasts(100)), '0');
    const { exited } = await client.continueUntilExit(stopped.body.threadId ?? 0, async () => undefined, 3);
    assert.equal(exited.body.exitCode, 0, 'the program ran to its end');
  });
});

test('a condition nested too deeply stops at every hit and says why', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runLoopWith(client, 2, { condition: `${'('.repeat(5000)}i == 1${')'.repeat(5000)}` });
    assert.deepEqual(run.stopsAt, [0, 1]);
    assert.match(run.stops[0].body.description ?? '', /nested too deeply/, JSON.stringify(run.stops[0].body).slice(0, 300));
    assert.equal(run.exitCode, 0);
  });
});
