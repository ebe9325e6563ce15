// Through the adapter: attach requests that cannot succeed fail with a
// message for the user that says why and what to do — a process that does
// not exist, one that another tracer (strace) already traces, and a process
// id the client never resolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { withHelper } from '../support/helperDriver';
import { eventually, isAlive, processInfo } from '../support/processes';
import { withSpawnedProgram } from '../support/spawnedProgram';
import { testTimeoutMs } from '../support/timeouts';

async function failedAttach(client: RewindDebugClient, processId: unknown): Promise<DebugProtocol.Response> {
  await client.initializeRequest();
  const response = await client.sendForResponse('attach', { processId });
  assert.equal(response.success, false, `attach to ${JSON.stringify(processId)} fails`);
  assert.equal(
    client.events.history.some((event) => event.event === 'initialized'),
    false,
    'no initialized event after a failed attach',
  );
  return response;
}

function shownMessage(response: DebugProtocol.Response): string {
  const error = (response.body as { error?: DebugProtocol.Message } | undefined)?.error;
  assert.ok(error, `the response carries an error message: ${JSON.stringify(response)}`);
  assert.equal(error.showUser, true, 'the message is shown to the user');
  return error.format;
}

test('attach to a process that does not exist says so', { timeout: testTimeoutMs }, async () => {
  const finished = spawnSync('true');
  const pid = finished.pid;
  assert.ok(pid !== undefined && !isAlive(pid), 'a process id that no longer runs');
  await withDebugClient(async (client) => {
    const message = shownMessage(await failedAttach(client, pid));
    assert.match(message, new RegExp(`\\b${pid}\\b`), `the message names the process: ${message}`);
    assert.match(message, /no process|not exist|exited/i, message);
  });
});

/**
 * Starts the spin program under another tracer — strace where it is
 * installed, else a second rewind-helper attached to it — and runs body with
 * the program's and the tracer's process ids.
 */
async function withTracedSpin(body: (spinPid: number, tracerPid: number, ticks: () => string) => Promise<void>): Promise<void> {
  const spinBinary = fixtureBinary('spin');
  if (spawnSync('strace', ['-V']).status === 0) {
    await withSpawnedProgram('strace', ['-o', '/dev/null', spinBinary], async (strace) => {
      const spin = await strace.childRunning(spinBinary);
      await strace.waitForOutput(/tick 2\n/);
      await body(spin, strace.pid, () => strace.output());
    });
    return;
  }
  await withSpawnedProgram(spinBinary, [], async (spin) => {
    await spin.waitForOutput(/tick 2\n/);
    await withHelper(async (helper) => {
      await helper.request('attach', { pid: spin.pid });
      await helper.request('configurationDone', {});
      await body(spin.pid, helper.pid, () => spin.output());
    });
  });
}

test('attach to a process that another tracer traces names the tracer', { timeout: testTimeoutMs }, async () => {
  await withTracedSpin(async (spin, tracer, output) => {
    assert.equal(processInfo(spin)?.tracerPid, tracer, 'the other tracer traces the spin program');
    await withDebugClient(async (client) => {
      const message = shownMessage(await failedAttach(client, spin));
      assert.match(message, new RegExp(`\\b${tracer}\\b`), `the message names the tracer's process id ${tracer}: ${message}`);
      assert.match(message, /already traced/i, message);
    });
    assert.equal(processInfo(spin)?.tracerPid, tracer, 'the failed attach left the other tracer tracing the program');
    const seen = [...output().matchAll(/tick (\d+)\n/g)].length;
    assert.ok(await eventually(() => [...output().matchAll(/tick (\d+)\n/g)].length > seen + 3), 'the program still runs after the failed attach');
  });
});

test('attach with an unresolved ${command:pickProcess} asks for a process id', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const message = shownMessage(await failedAttach(client, '${command:pickProcess}'));
    assert.match(message, /processId/, message);
  });
});

test('attach without a usable processId names the argument', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const message = shownMessage(await failedAttach(client, 'not-a-number'));
    assert.match(message, /processId/, message);
  });
});
