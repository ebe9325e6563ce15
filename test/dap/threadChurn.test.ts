// Through the adapter: a program that creates and ends 500 threads (10 at a
// time) runs to its end under the debugger, in bounded time, with its own
// exit code, and every thread is announced as started and exited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';

test('500 short-lived threads run to the end with the right exit code', { timeout: 120_000 }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('churn') });
    const exited = (await client.waitFor('exited', () => true, 90_000)) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 23);
    await client.waitForOutput('stdout', 'threads done, total 124750 of 124750\n');
    const threadEvents = client.events.history.filter((event) => event.event === 'thread') as DebugProtocol.ThreadEvent[];
    const started = new Set(threadEvents.filter((event) => event.body.reason === 'started').map((event) => event.body.threadId));
    const ended = new Set(threadEvents.filter((event) => event.body.reason === 'exited').map((event) => event.body.threadId));
    assert.equal(threadEvents.filter((event) => event.body.reason === 'started').length, 500, 'a started event per thread');
    assert.equal(threadEvents.filter((event) => event.body.reason === 'exited').length, 500, 'an exited event per thread');
    for (const id of started) assert.ok(ended.has(id), `thread ${id} started and ended`);
  });
});
