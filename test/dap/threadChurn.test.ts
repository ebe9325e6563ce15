// Through the adapter: a program that creates and ends 500 threads (10 at a
// time) runs to its end under the debugger, in bounded time, with its own
// exit code, and every thread is announced as started and exited; threads
// that die with the process (exit() while they run) are reported as exited
// too, before the program's exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

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

test('threads that end with the process are each reported as exited before the program exits', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('groupexit') });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 7);
    const exitIndex = client.events.history.indexOf(exited);
    const before = client.events.history.slice(0, exitIndex).filter((event) => event.event === 'thread') as DebugProtocol.ThreadEvent[];
    const started = before.filter((event) => event.body.reason === 'started').map((event) => event.body.threadId);
    const ended = before.filter((event) => event.body.reason === 'exited').map((event) => event.body.threadId);
    assert.equal(started.length, 8, 'a started event per thread');
    assert.deepEqual([...ended].sort(), [...started].sort(), 'every thread that started is reported as exited, before the exit');
  });
});

test('a breakpoint in the function of 500 short-lived threads stops in each, and every continue goes on to the end', { timeout: 180_000 }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('churn') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add_number' }] })).body.breakpoints;
    });
    assert.equal(breakpoints[0]?.verified, true, JSON.stringify(breakpoints));
    const first = await client.waitForStopped();
    const { stops, exited } = await client.continueUntilExit(first.body.threadId ?? 0, async () => undefined, 600);
    assert.equal(stops.length + 1, 500, 'one stop per thread');
    assert.ok(stops.every((stop) => stop.body.reason === 'breakpoint'));
    assert.equal(exited.body.exitCode, 23);
  });
});
