// A recording that reaches its recordLimit says so once in the Debug
// Console, then keeps quiet while it drops the oldest instructions; the count
// of dropped instructions travels in recordingInfo (and the status bar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { sleep, until } from '../support/processes';
import { testTimeoutMs } from '../support/timeouts';

const notice = /Recording limit reached/g;

test('reaching the recording limit is said once, and recordingInfo counts what was dropped', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['100000000000'], record: 'fromMain', recordLimit: 2000 });
    const droppedAtFirst = await until(
      'instructions dropped by the limit',
      async () => {
        const info = await client.customRequest('recordingInfo');
        const dropped = Number(info.body?.dropped ?? 0);
        return dropped > 0 ? dropped : undefined;
      },
      30_000,
      100,
    );
    // Recording goes on for a while, dropping more: the notice must not repeat.
    await sleep(2000);
    const info = await client.customRequest('recordingInfo');
    assert.ok(Number(info.body.dropped) > droppedAtFirst, `more instructions were dropped (${droppedAtFirst} → ${info.body.dropped})`);
    const console = client.outputText('console');
    assert.equal(console.match(notice)?.length ?? 0, 1, `the notice is given once: ${JSON.stringify(console.slice(-2000))}`);
  });
});
