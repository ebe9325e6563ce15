// Controlling a running program: a breakpoint in a loop is hit once per
// iteration, stopOnEntry stops before any code of the program runs, pause stops
// a busy program and says so when it is already stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { continueToStop, launchWithBreakpoints, locals, named, runToFirstStop, topFrame, waitForExited, waitForStopped } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

test('a breakpoint in a loop is hit once per iteration, then the program exits', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped, breakpoints } = await runToFirstStop(helper, {
      program: fixtureBinary('loop'),
      args: ['5'],
      breakpoints: [{ source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] }],
    });
    assert.equal(named(await locals(helper, stopped.tid), 'i').value, '0');
    for (let iteration = 1; iteration < 5; iteration++) {
      const again = await continueToStop(helper);
      assert.equal(again.reason, 'breakpoint');
      assert.deepEqual(again.hitBreakpointIds, [breakpoints[0][0].id]);
      assert.equal(named(await locals(helper, again.tid), 'i').value, String(iteration));
    }
    await helper.request('continue');
    assert.equal((await waitForExited(helper)).exitCode, 0);
    await helper.waitForOutput('stdout', 'total=10\n');
  });
});

test('stopOnEntry stops with reason entry before the program runs', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    await helper.request('launch', { program: fixtureBinary('multifile'), args: [], stopOnEntry: true });
    await helper.request('configurationDone');
    const stopped = await waitForStopped(helper);
    assert.equal(stopped.reason, 'entry');
    assert.equal(helper.outputText('stdout'), '', 'nothing printed yet');
    await helper.request('continue');
    assert.equal((await waitForExited(helper)).exitCode, 3);
  });
});

test('pause stops a busy program; pausing again says it is already stopped', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await launchWithBreakpoints(helper, { program: fixtureBinary('loop'), args: ['100000000000'] });
    await helper.request('configurationDone');
    const threadsWhileRunning = await helper.request<{ threads: Array<{ id: number }> }>('threads');
    const running = await helper.send('stackTrace', { tid: threadsWhileRunning.threads[0].id, startFrame: 0, levels: 1 });
    assert.equal(running.ok, false, 'no stack of a running thread');
    assert.equal(running.error?.code, 'WrongState');
    // Let the program get through the dynamic loader into its loop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const paused = await helper.request<{ alreadyStopped?: boolean }>('pause');
    assert.notEqual(paused.alreadyStopped, true);
    const stopped = await waitForStopped(helper);
    assert.equal(stopped.reason, 'pause');
    const frame = await topFrame(helper, stopped.tid);
    assert.equal(frame.function, 'main', 'the busy loop is in main');
    const again = await helper.request<{ alreadyStopped?: boolean }>('pause');
    assert.equal(again.alreadyStopped, true);
    const threads = await helper.request<{ threads: Array<{ id: number; name: string }> }>('threads');
    assert.deepEqual(
      threads.threads.map((thread) => thread.id),
      [stopped.tid],
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(helper.events.pending().filter((event) => event.event === 'stopped').length, 0, 'no second stopped event');
  });
});
