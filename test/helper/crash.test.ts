// A program that dies by SIGSEGV: the helper stops it at the faulting line with
// reason signal, and after continue reports that the signal killed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { runToFirstStop, stackFrames, waitForExited } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const crashSource = fixtureSource('crash', 'main.c');

test('a SIGSEGV stops at the faulting line, then continuing reports death by the signal', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, { program: fixtureBinary('crash') });
    assert.equal(stopped.reason, 'signal');
    assert.equal(stopped.signal, 'SIGSEGV');
    const frames = await stackFrames(helper, stopped.tid);
    assert.equal(frames[0].function, 'write_through');
    assert.equal(frames[0].line, markerLine(crashSource, 'CRASH_WRITE'));
    assert.ok(sameFile(frames[0].file, crashSource));
    assert.equal(frames[1].function, 'main');
    assert.equal(frames[1].line, markerLine(crashSource, 'CRASH_CALL'));
    await helper.waitForOutput('stdout', 'about to crash\n');
    await helper.request('continue');
    const exited = await waitForExited(helper);
    assert.equal(exited.signal, 'SIGSEGV');
    assert.equal(exited.exitCode, 139);
    assert.match(exited.description ?? '', /SIGSEGV/);
    assert.ok(!helper.outputText('stdout').includes('not reached'));
  });
});
