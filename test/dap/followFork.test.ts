// Through the adapter: `followFork` "child" makes the session debug the
// child after fork — breakpoints stop in the child (another process, with
// its own variables), the program's exit is the child's, and the parent
// runs on without the debugger (no breakpoint byte left in it: it finishes
// and prints). A `next` over the fork goes on in the child. After vfork the
// child is followed into the program it execs, and the parent, which waits
// for it, does not hang. A bad value is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, withDebugClient, type LaunchArguments } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('forkfollow', 'main.c');
const targetSource = fixtureSource('exectarget', 'target.c');
type FollowLaunch = LaunchArguments & { followFork: string };

test('followFork "child": a breakpoint stops in the child, its exit ends the session, the parent runs on', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: FollowLaunch = { program: fixtureBinary('forkfollow'), followFork: 'child' };
    await client.launchWithBreakpoints(launch, [{ source, lines: [markerLine(source, 'CHILD_WORK'), markerLine(source, 'PARENT_AFTER')] }]);
    const stopped = await client.waitForStopped();
    const threadId = stopped.body.threadId ?? 0;
    const parentPid = Number(/^parent (\d+) forks$/m.exec(client.outputText('stdout'))?.[1]);
    assert.ok(parentPid > 0, `the parent said its pid: ${JSON.stringify(client.outputText('stdout'))}`);
    assert.notEqual(threadId, parentPid, 'the stop is in another process');
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, markerLine(source, 'CHILD_WORK'));
    assert.equal(named(await client.locals(frame.id), 'doubled').value, '42');
    const threads = (await client.threadsRequest()).body.threads.map((thread) => thread.id);
    assert.deepEqual(threads, [threadId], 'only the child is debugged');
    assert.match(client.outputText('console'), new RegExp(`Following process ${threadId}, the child of process ${parentPid}`));
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 7, "the session's program is the child");
    await client.waitForOutput('stdout', 'parent saw child exit 7\n');
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 1, 'the parent never stopped');
  });
});

test('followFork "child": a condition the kernel judged in the parent is judged in the child, and says so', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: FollowLaunch = { program: fixtureBinary('forkfollow'), followFork: 'child' };
    const line = markerLine(source, 'CHILD_WORK');
    await client.launchWithBreakpoints(launch, [], async () => {
      await client.setSourceBreakpoints(source, [{ line, condition: 'doubled == 42' }]);
    });
    const stopped = await client.waitForStopped();
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, line);
    assert.equal(named(await client.locals(frame.id), 'doubled').value, '42');
    const console = client.outputText('console');
    // Where the kernel judged it in the parent, the console says the debugger judges it now.
    if (/Condition judged in the kernel/.test(console)) assert.match(console, /judged by the debugger: the kernel's probes were in the parent process/);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 7);
  });
});

test('followFork "child": next over the fork goes on in the child', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: FollowLaunch = { program: fixtureBinary('forkfollow'), followFork: 'child' };
    await client.launchWithBreakpoints(launch, [{ source, lines: [markerLine(source, 'FORK_CALL')] }]);
    const before = await client.waitForStopped();
    const parent = before.body.threadId ?? 0;
    const { stopped, frame } = await client.step('next', parent);
    assert.equal(stopped.body.reason, 'step');
    assert.notEqual(stopped.body.threadId, parent, 'the step ends in the child');
    assert.match(frame.name, /^main\b/);
    assert.ok(frame.line !== undefined && frame.line >= markerLine(source, 'FORK_CALL') && frame.line < markerLine(source, 'CHILD_WORK'), `line ${frame.line}`);
    assert.equal(await client.evaluateIn(frame.id, 'child'), '0', 'fork returned 0 in the child');
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 7);
  });
});

test('followFork "child" after vfork follows the child into the program it execs; the parent does not hang', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: FollowLaunch = { program: fixtureBinary('execer'), args: ['vfork', fixtureBinary('exectarget')], followFork: 'child' };
    await client.launchWithBreakpoints(launch, [{ source: targetSource, lines: [markerLine(targetSource, 'TARGET_PRINT')] }]);
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, markerLine(targetSource, 'TARGET_PRINT'));
    assert.match(await client.evaluateIn(frame.id, 'word'), /"vforked"/);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 17);
    await client.waitForOutput('stdout', 'vfork child exited 17\n');
  });
});

test('followFork with another value is refused by name', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: FollowLaunch = { program: fixtureBinary('forkfollow'), followFork: 'both' };
    await assert.rejects(client.launchWithBreakpoints(launch), /'followFork' must be "parent".*"child".*"both"/);
  });
});
