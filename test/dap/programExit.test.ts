// Through the adapter: continue runs the program to its end; its stdout and
// stderr appear as output events and the exit code comes in the exited event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');

test('continue runs to exit: exit code 3 and the program output are shown', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: mainSource, lines: [markerLine(mainSource, 'MAIN_SUM')] },
    ]);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 3);
    await client.waitFor('terminated');
    await client.waitForOutput('stdout', 'sum=49 fact=24 area=12 shout=HELLO, REWIND\n');
    await client.waitForOutput('stderr', 'ratio=2.5 shade=1 argc=1\n');
  });
});

test('launch arguments reach the program', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['4'] });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'total=6\n');
  });
});
