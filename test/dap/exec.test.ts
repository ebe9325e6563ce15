// Through the adapter: a program that replaces itself with another (execve)
// goes on being debugged as the new program: its output and exit code are
// reported, and a breakpoint in the new program's source stops there (also
// one set while stopped before the exec). A vfork whose child execs does not
// hang the parent, which is still debugged. An exec from a second thread
// reports the old image's threads gone and goes on with the new program. A
// data breakpoint set before the exec is removed by it, and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const targetSource = fixtureSource('exectarget', 'target.c');
const execerSource = fixtureSource('execer', 'main.c');

test("after exec, the new program's output and exit code are reported", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('execer'), args: ['exec', fixtureBinary('exectarget')] });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
    await client.waitForOutput('stdout', 'exec target says replaced\n');
    assert.match(client.outputText('stdout'), /^execer pid \d+ running exec\n/);
  });
});

test("a breakpoint in the exec'd program's source stops there", { timeout: testTimeoutMs }, async () => {
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

test("a breakpoint set in the exec'd program while stopped before the exec binds after it", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('execer'), args: ['exec', fixtureBinary('exectarget')], stopOnEntry: true }, []);
    assert.equal(stopped.body.reason, 'entry');
    const [pending] = await client.setLineBreakpoints(targetSource, [markerLine(targetSource, 'TARGET_PRINT')]);
    assert.equal(pending.verified, false, 'pending before the exec');
    const changed = client.waitFor('breakpoint', (event) => (event as DebugProtocol.BreakpointEvent).body.breakpoint.verified === true);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const bound = (await changed) as DebugProtocol.BreakpointEvent;
    assert.equal(bound.body.breakpoint.id, pending.id);
    assert.equal(bound.body.breakpoint.line, markerLine(targetSource, 'TARGET_PRINT'));
    const hit = await client.waitForStopped();
    assert.equal(hit.body.reason, 'breakpoint');
    assert.deepEqual(hit.body.hitBreakpointIds, [pending.id]);
  });
});

test('an exec from a second thread: the threads of the old image are reported gone and the new program is debugged', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('threadexec'), args: [fixtureBinary('exectarget')] }, [
      { source: targetSource, lines: [markerLine(targetSource, 'TARGET_PRINT')] },
    ]);
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(await client.evaluateIn(frame.id, 'word'), /"from-thread"/);
    const threads = (await client.threadsRequest()).body.threads.map((thread) => thread.id);
    assert.deepEqual(threads, [stopped.body.threadId], 'one thread after the exec');
    const threadEvents = client.events.history.filter((event) => event.event === 'thread') as DebugProtocol.ThreadEvent[];
    const started = threadEvents.filter((event) => event.body.reason === 'started').map((event) => event.body.threadId);
    const ended = threadEvents.filter((event) => event.body.reason === 'exited').map((event) => event.body.threadId);
    assert.equal(started.length, 1, 'the second thread started');
    assert.ok(ended.includes(started[0]), `the second thread's old id is reported gone: ${JSON.stringify(threadEvents.map((e) => e.body))}`);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
  });
});

test('a data breakpoint set before the exec is removed by it, with a message, and never fires in the new program', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('execer'), args: ['exec', fixtureBinary('exectarget')], stopOnEntry: true }, []);
    const threadId = stopped.body.threadId ?? 0;
    const frame = await client.topFrame(threadId);
    const info = (await client.dataBreakpointInfoRequest({ name: 'status', frameId: frame.id })).body;
    assert.ok(info.dataId, info.description);
    const set = (await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId, accessType: 'write' }] })).body.breakpoints;
    assert.equal(set[0].verified, true, set[0].message);
    const removed = client.waitFor('breakpoint', (event) => (event as DebugProtocol.BreakpointEvent).body.reason === 'removed');
    const stops: string[] = [];
    client.on('stopped', (event: DebugProtocol.StoppedEvent) => stops.push(`${event.body.reason}: ${event.body.description ?? ''}`));
    await client.continueRequest({ threadId });
    const event = (await removed) as DebugProtocol.BreakpointEvent;
    assert.equal(event.body.breakpoint.id, set[0].id);
    await client.waitForOutput('console', "Data breakpoint on 'status' removed: the program called execve");
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
    assert.deepEqual(stops, [], 'no stop in the new program');
  });
});
