// Through the adapter: a signal the program handles (SIGUSR1, raised by the
// sigusr1 fixture) goes straight to its handler unless the "other signals"
// filter is on; then the program stops first, before the handler has run,
// and continuing delivers the signal to the handler as it would have been.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test('with other-signals off the SIGUSR1 handler runs and the program exits normally', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('sigusr1') }, [], async () => {
      await client.setExceptionBreakpointsRequest({ filters: ['fatal-signals'] });
    });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'handler ran: yes\n');
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'no stop');
  });
});

test('with other-signals on SIGUSR1 stops before its handler, which runs on continue', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('sigusr1') }, [], async () => {
      await client.setExceptionBreakpointsRequest({ filters: ['fatal-signals', 'other-signals'] });
    });
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'exception');
    assert.match(stopped.body.text ?? '', /SIGUSR1/);
    const threadId = stopped.body.threadId ?? 0;
    const info = (await client.exceptionInfoRequest({ threadId })).body;
    assert.equal(info.exceptionId, 'SIGUSR1');
    const frames = await client.frames(threadId);
    const mainFrame = frames.find((frame) => /^main\b/.test(frame.name));
    assert.ok(mainFrame, `main is on the stack: ${frames.map((frame) => frame.name).join(' < ')}`);
    assert.equal(await client.evaluateIn(mainFrame.id, 'handled'), '0', 'the handler has not run yet');
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0, 'the handler ran after the stop');
    await client.waitForOutput('stdout', 'handler ran: yes\n');
  });
});
