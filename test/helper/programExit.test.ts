// A program that runs to its end: its stdout and stderr come back as output
// events, the exit code is reported, and the helper stays up until disconnect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { launchWithBreakpoints, waitForExited } from '../support/helperFlows';
import { fixtureBinary } from '../support/paths';
import { isAlive } from '../support/processes';
import { testTimeoutMs } from '../support/timeouts';

test('the program runs to its end: output forwarded, exit code 3 reported', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { launch } = await launchWithBreakpoints(helper, { program: fixtureBinary('multifile') });
    await helper.request('configurationDone');
    const exited = await waitForExited(helper);
    assert.equal(exited.exitCode, 3);
    assert.equal(exited.signal, undefined);
    await helper.waitForOutput('stdout', 'sum=49 fact=24 area=12 shout=HELLO, REWIND\n');
    await helper.waitForOutput('stderr', 'ratio=2.5 shade=1 argc=1\n');
    assert.ok(!helper.outputText('stdout').includes('ratio='), 'stderr text is not reported as stdout');
    assert.equal(isAlive(launch.pid), false, 'the program is gone');
    assert.equal(helper.hasExited, false, 'the helper stays up after the program exits');
    await helper.request('disconnect', { terminate: true });
    assert.ok(await helper.waitForExit(), 'the helper exits after disconnect');
  });
});

test('arguments reach the program', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await launchWithBreakpoints(helper, { program: fixtureBinary('loop'), args: ['4'] });
    await helper.request('configurationDone');
    assert.equal((await waitForExited(helper)).exitCode, 0);
    await helper.waitForOutput('stdout', 'total=6\n');
  });
});
