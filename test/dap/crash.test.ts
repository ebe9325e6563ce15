// Through the adapter: a SIGSEGV stops the program at the faulting line, and
// continuing reports that the program was killed by the signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const crashSource = fixtureSource('crash', 'main.c');

test('a SIGSEGV stops at the faulting line and then reports death by signal', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('crash') }, []);
    assert.ok(['exception', 'signal'].includes(stopped.body.reason), `reason ${stopped.body.reason}`);
    assert.match(`${stopped.body.description ?? ''} ${stopped.body.text ?? ''}`, /SIGSEGV/);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^write_through\b/);
    assert.equal(frame.line, markerLine(crashSource, 'CRASH_WRITE'));
    assert.ok(sameFile(frame.source?.path, crashSource));
    await client.waitForOutput('stdout', 'about to crash\n');
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 139);
    await client.waitFor('terminated');
    const said = client.events.history.some(
      (event) =>
        event.event === 'output' &&
        (event as DebugProtocol.OutputEvent).body.category !== 'stdout' &&
        /SIGSEGV/.test((event as DebugProtocol.OutputEvent).body.output),
    );
    assert.ok(said, `the user is told the program died by SIGSEGV; output: ${JSON.stringify(client.allOutputText())}`);
  });
});
