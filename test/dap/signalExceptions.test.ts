// Through the adapter: crashes stop as exceptions when the "fatal signals"
// filter is on (its default). exceptionInfo explains the signal: for the
// crash fixture's write through a null pointer, SIGSEGV at address 0x0,
// "address not mapped"; for an integer division by zero, SIGFPE "integer
// divide by zero". Continuing lets the signal kill the program as it would
// have; with the filter off the program dies without stopping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const crashSource = fixtureSource('crash', 'main.c');
const divideSource = fixtureSource('sigfpe', 'main.c');

async function exceptionInfo(client: RewindDebugClient, threadId: number): Promise<DebugProtocol.ExceptionInfoResponse['body']> {
  return (await client.exceptionInfoRequest({ threadId })).body;
}

test('initialize offers the four exception filters, crashes on by default', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const capabilities = (await client.initializeRequest()).body ?? {};
    assert.equal(capabilities.supportsExceptionInfoRequest, true);
    const filters = (capabilities.exceptionBreakpointFilters ?? []).map((filter) => [filter.filter, filter.default ?? false]);
    assert.deepEqual(filters, [
      ['fatal-signals', true],
      ['other-signals', false],
      ['cpp-throw', false],
      ['rust-panic', false],
    ]);
    const labels = (capabilities.exceptionBreakpointFilters ?? []).map((filter) => filter.label);
    assert.match(labels[0], /SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT/);
  });
});

test('a write through a null pointer stops as SIGSEGV at 0x0, and continuing lets the signal kill the program', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('crash') }, []);
    assert.equal(stopped.body.reason, 'exception');
    assert.match(stopped.body.text ?? '', /SIGSEGV/);
    const threadId = stopped.body.threadId ?? 0;
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, markerLine(crashSource, 'CRASH_WRITE'));
    assert.equal(await client.evaluateIn(frame.id, 'target'), '0x0', 'the fixture really writes through a null pointer');
    const info = await exceptionInfo(client, threadId);
    assert.equal(info.exceptionId, 'SIGSEGV');
    assert.equal(info.breakMode, 'always');
    assert.match(info.description ?? '', /address not mapped/);
    assert.match(info.description ?? '', /\b0x0\b/, `the fault address: ${info.description}`);
    assert.equal(info.details?.typeName, 'SIGSEGV');
    assert.equal(info.details?.message, info.description);
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 128 + 11, 'the program died of SIGSEGV');
    assert.match(client.outputText('console'), /SIGSEGV/);
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 1, 'one stop only');
  });
});

test('with the fatal-signals filter off a crash runs to its death without a stop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('crash') }, [], async () => {
      await client.setExceptionBreakpointsRequest({ filters: [] });
    });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 128 + 11);
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'no stop');
    await client.waitForOutput('stdout', 'about to crash\n');
  });
});

test('an integer division by zero stops as SIGFPE "integer divide by zero"', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('sigfpe') }, []);
    assert.equal(stopped.body.reason, 'exception');
    const threadId = stopped.body.threadId ?? 0;
    const frame = await client.topFrame(threadId);
    assert.match(frame.name, /^divide\b/);
    assert.equal(frame.line, markerLine(divideSource, 'DIVIDE'));
    const info = await exceptionInfo(client, threadId);
    assert.equal(info.exceptionId, 'SIGFPE');
    assert.match(info.description ?? '', /integer divide by zero/);
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 128 + 8, 'the program died of SIGFPE');
  });
});

test('an unknown exception filter is refused by name', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('crash') }, [], async () => {
      const response = await client.sendForResponse('setExceptionBreakpoints', { filters: ['fatal-signals', 'all-the-things'] });
      assert.equal(response.success, false);
      assert.match(response.message ?? '', /all-the-things/);
    });
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'exception', 'the refused request changed nothing: crashes still stop');
  });
});
