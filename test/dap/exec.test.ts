// Through the adapter: a program that replaces itself with another (execve)
// goes on being debugged as the new program: its output and exit code are
// reported, and a breakpoint in the new program's source stops there. A
// vfork whose child execs does not hang the parent, which is still debugged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const targetSource = fixtureSource('exectarget', 'target.c');
const execerSource = fixtureSource('execer', 'main.c');

test('after exec, the new program\'s output and exit code are reported', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('execer'), args: ['exec', fixtureBinary('exectarget')] });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
    await client.waitForOutput('stdout', 'exec target says replaced\n');
    assert.match(client.outputText('stdout'), /^execer pid \d+ running exec\n/);
  });
});

test('a breakpoint in the exec\'d program\'s source stops there', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const line = markerLine(targetSource, 'TARGET_PRINT');
    const { stopped } = await client.launchToStop({ program: fixtureBinary('execer'), args: ['exec', fixtureBinary('exectarget')] }, [
      { source: targetSource, lines: [line] },
    ]);
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^main\b/);
    assert.equal(frame.line, line);
    assert.ok(sameFile(frame.source?.path, targetSource), `source ${frame.source?.path}`);
    assert.match(await client.evaluateIn(frame.id, 'word'), /"replaced"/);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
  });
});

test('vfork with exec in the child does not hang, and the parent is still debugged', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const line = markerLine(execerSource, 'AFTER_WAIT');
    const { stopped } = await client.launchToStop({ program: fixtureBinary('execer'), args: ['vfork', fixtureBinary('exectarget')] }, [
      { source: execerSource, lines: [line] },
    ]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, line, 'the parent stops after waiting for its child');
    await client.waitForOutput('stdout', 'exec target says vforked\n');
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'vfork child exited 17\n');
  });
});
