// Through the adapter: a program without debug information launches, a warning
// says so, and when paused its frames are named by module and offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test('a program without debug info runs, warns, and shows module+offset frames when paused', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('nodebug') });
    await client.waitForOutput('stdout', 'nodebug started\n');
    const warned = client.events.history.some((event) => event.event === 'output' && /debug (info|information|symbols)/i.test(String(event.body?.output)));
    assert.ok(warned, `a warning about missing debug info; output was: ${JSON.stringify(client.allOutputText())}`);
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 1);
    await client.pauseRequest({ threadId: threads[0].id });
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'pause');
    const frames = await client.frames(stopped.body.threadId ?? threads[0].id);
    const listing = frames.map((frame) => `${frame.name} ${frame.source?.path ?? '-'}`).join('\n');
    const own = frames.filter((frame) => /nodebug/.test(frame.name));
    assert.ok(own.length >= 1, `frames of the program named by its module:\n${listing}`);
    for (const frame of own) {
      assert.match(frame.name, /nodebug\s*\+\s*0x[0-9a-f]+/i, `module+offset in ${frame.name}`);
      assert.equal(frame.source?.path, undefined, 'no source file without debug info');
    }
  });
});
