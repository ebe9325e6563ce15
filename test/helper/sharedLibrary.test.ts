// Breakpoints in shared libraries: set before the library is loaded they stay
// pending and are resolved (with a `breakpoint` event) when it loads, both for
// a library the program is linked with and for one it dlopens at run time; set
// after the load they are verified at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { HelperBreakpoint } from '../support/helperTypes';
import { launchWithBreakpoints, runToFirstStop, setBreakpoints, stackFrames, waitForStopped } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('sharedlib', 'main.c');
const greetSource = fixtureSource('sharedlib', 'greet.c');
const pluginSource = fixtureSource('sharedlib', 'plugin.c');

async function expectPendingThenResolved(source: string, marker: string, functionName: string, caller: string): Promise<void> {
  await withHelper(async (helper) => {
    const line = markerLine(source, marker);
    const { breakpoints } = await launchWithBreakpoints(helper, {
      program: fixtureBinary('sharedlib'),
      breakpoints: [{ source, lines: [line] }],
    });
    const [pending] = breakpoints[0];
    assert.equal(pending.verified, false, `not loaded yet, so pending: ${JSON.stringify(pending)}`);
    assert.ok((pending.message ?? '').length > 0, 'a pending breakpoint says why');
    await helper.request('configurationDone');
    const changed = await helper.waitForEvent('breakpoint');
    assert.equal(changed.body.reason, 'changed');
    const resolved = changed.body.breakpoint as HelperBreakpoint;
    assert.equal(resolved.id, pending.id, 'the event names the pending breakpoint');
    assert.equal(resolved.verified, true);
    assert.equal(resolved.line, line);
    const stopped = await waitForStopped(helper);
    assert.equal(stopped.reason, 'breakpoint');
    assert.deepEqual(stopped.hitBreakpointIds, [pending.id]);
    const frames = await stackFrames(helper, stopped.tid);
    assert.equal(frames[0].function, functionName);
    assert.equal(frames[0].line, line);
    assert.ok(sameFile(frames[0].file, source), `file ${frames[0].file}`);
    assert.ok(
      frames.some((frame) => frame.function === caller),
      `caller ${caller} in the stack`,
    );
    assert.ok(
      frames.some((frame) => frame.function === 'main'),
      'main in the stack',
    );
  });
}

test('a breakpoint in a linked library, set before it loads, is resolved when it loads', { timeout: testTimeoutMs }, async () => {
  await expectPendingThenResolved(greetSource, 'GREET_BODY', 'greet_compute', 'main');
});

test('a breakpoint in a dlopened library, set before it loads, is resolved when it loads', { timeout: testTimeoutMs }, async () => {
  await expectPendingThenResolved(pluginSource, 'PLUGIN_BODY', 'plugin_entry', 'call_plugin');
});

test('a breakpoint set in a library that is already loaded is verified at once', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('sharedlib'),
      breakpoints: [{ source: mainSource, lines: [markerLine(mainSource, 'MAIN_CALL_GREET')] }],
    });
    const line = markerLine(greetSource, 'GREET_PRINT');
    const [breakpoint] = await setBreakpoints(helper, greetSource, [line]);
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    assert.equal(breakpoint.line, line);
    await helper.request('continue');
    const next = await waitForStopped(helper);
    assert.equal(next.reason, 'breakpoint');
    assert.equal(next.tid, stopped.tid);
    const frames = await stackFrames(helper, next.tid);
    assert.equal(frames[0].function, 'greet_compute');
    assert.equal(frames[0].line, line);
  });
});
