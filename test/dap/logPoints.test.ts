// Through the adapter: a log point prints its message with `{expression}`
// replaced by the value, in the Debug Console, and never stops the program —
// for 10 hits, and for a flood of 10,000 hits, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { loopBodyLine, loopSource } from '../support/loopRuns';
import { fixtureBinary } from '../support/paths';

/** Runs the loop fixture with a log point on its body; returns the console lines that look like log output. */
async function logLoop(client: RewindDebugClient, turns: number, exitTimeoutMs: number): Promise<string[]> {
  await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: [String(turns)] }, [], async () => {
    const [breakpoint] = await client.setSourceBreakpoints(loopSource, [{ line: loopBodyLine, logMessage: 'i={i} of {{loop}}' }]);
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
  });
  const exited = (await client.waitFor('exited', () => true, exitTimeoutMs)) as DebugProtocol.ExitedEvent;
  assert.equal(exited.body.exitCode, 0);
  assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'a log point never stops');
  await client.waitForOutput('stdout', `total=${(turns * (turns - 1)) / 2}\n`);
  return client
    .outputText('console')
    .split('\n')
    .filter((line) => line.startsWith('i='));
}

test('a log point over a loop of 10 prints 10 lines in order and does not stop', { timeout: 60_000 }, async () => {
  await withDebugClient(async (client) => {
    const lines = await logLoop(client, 10, 10_000);
    assert.equal(client.capabilities.supportsLogPoints, true);
    assert.deepEqual(
      lines,
      Array.from({ length: 10 }, (_, i) => `i=${i} of {loop}`),
    );
  });
});

test('a flood of 10,000 log point hits prints 10,000 lines in order', { timeout: 90_000 }, async () => {
  await withDebugClient(async (client) => {
    const lines = await logLoop(client, 10_000, 60_000);
    assert.equal(lines.length, 10_000);
    const wrong = lines.findIndex((line, i) => line !== `i=${i} of {loop}`);
    assert.equal(wrong, -1, `line ${wrong} is ${JSON.stringify(lines[wrong])}`);
  });
});
