// Through the adapter: the program ends while a step is under way — exit()
// inside a call that `next` runs over, exit() on the stepped line itself, a
// SIGKILL on the stepped line — and the session reports the end (exit code
// or signal) instead of a stop, and never hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('stepexit', 'main.c');

async function stopAt(client: RewindDebugClient, mode: string, marker: string): Promise<number> {
  const { stopped } = await client.launchToStop({ program: fixtureBinary('stepexit'), args: [mode] }, [{ source, lines: [markerLine(source, marker)] }]);
  assert.equal((await client.topFrame(stopped.body.threadId ?? 0)).line, markerLine(source, marker));
  return stopped.body.threadId ?? 0;
}

async function stepToEnd(client: RewindDebugClient, kind: 'next' | 'stepIn' | 'stepOut', threadId: number): Promise<DebugProtocol.ExitedEvent> {
  await client.send(kind, { threadId });
  const end = await client.waitForStopOrExit();
  assert.equal(end.kind, 'exited', `the step ends with the program, not a stop: ${JSON.stringify(end.event.body)}`);
  await client.waitFor('terminated');
  return end.event as DebugProtocol.ExitedEvent;
}

test('next over a call that exits reports the exit code', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, 'exit', 'CALL_FINISH');
    const exited = await stepToEnd(client, 'next', threadId);
    assert.equal(exited.body.exitCode, 3);
    await client.waitForOutput('stdout', 'finishing by exit\n');
  });
});

test('next over the exit() line itself reports the exit code', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, 'exit', 'FINISH_EXIT');
    const exited = await stepToEnd(client, 'next', threadId);
    assert.equal(exited.body.exitCode, 3);
  });
});

test('stepOut of a function that exits reports the exit code', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, 'exit', 'FINISH_BODY');
    const exited = await stepToEnd(client, 'stepOut', threadId);
    assert.equal(exited.body.exitCode, 3);
  });
});

test('a SIGKILL in the middle of a step reports death by the signal', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, 'kill', 'FINISH_KILL');
    const exited = await stepToEnd(client, 'next', threadId);
    assert.equal(exited.body.exitCode, 128 + 9);
    assert.match(client.outputText('console'), /terminated by signal SIGKILL/);
  });
});
