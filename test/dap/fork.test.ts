// Through the adapter: a program that forks 50 children runs to its end with
// its own exit code, and every child runs (its line is in the output). The
// debugger stays with the parent: a breakpoint on a line only the children
// run does not stop anything, and the children, which were forked with that
// breakpoint in their memory, still run correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const forkerSource = fixtureSource('forker', 'main.c');

function assertEveryChildRan(stdout: string): void {
  for (let number = 0; number < 50; number++) {
    assert.ok(stdout.includes(`child ${number}\n`), `child ${number} ran; stdout: ${JSON.stringify(stdout.slice(-300))}`);
  }
}

test('50 forked children each run, and the parent exits with its own code', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('forker') });
    const exited = (await client.waitFor('exited', () => true, 45_000)) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 5);
    await client.waitForOutput('stdout', 'children right: 50\n');
    assertEveryChildRan(client.outputText('stdout'));
  });
});

test('a breakpoint on a line only the children run stops nothing, and the children run correctly', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('forker') }, [
      { source: forkerSource, lines: [markerLine(forkerSource, 'CHILD_PRINT'), markerLine(forkerSource, 'FORKS_DONE')] },
    ]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, markerLine(forkerSource, 'FORKS_DONE'), 'the first stop is the parent after the forks');
    assert.equal(named(await client.locals(frame.id), 'right').value, '50', 'every child exited with its own number');
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 5);
    assertEveryChildRan(client.outputText('stdout'));
  });
});
