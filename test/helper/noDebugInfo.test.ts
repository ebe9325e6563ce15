// A program without debug information still runs under the helper: launch
// warns about it, and its frames show module and offset instead of lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { launchWithBreakpoints, stackFrames, waitForStopped } from '../support/helperFlows';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test('launch warns that there is no debug information', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { launch } = await launchWithBreakpoints(helper, { program: fixtureBinary('nodebug') });
    const warnings = launch.warnings ?? [];
    assert.ok(
      warnings.some((warning) => /debug/i.test(warning)),
      `a warning about debug info: ${JSON.stringify(warnings)}`,
    );
  });
});

test('a paused program without debug info shows module+offset frames down to main', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await launchWithBreakpoints(helper, { program: fixtureBinary('nodebug') });
    await helper.request('configurationDone');
    await helper.waitForOutput('stdout', 'nodebug started\n');
    await helper.request('pause');
    const stopped = await waitForStopped(helper);
    assert.equal(stopped.reason, 'pause');
    const frames = await stackFrames(helper, stopped.tid);
    const own = frames.filter((frame) => frame.module === 'nodebug');
    const listing = frames.map((frame) => `${frame.function} ${frame.module}+${frame.moduleOffset}`).join('\n');
    assert.ok(own.length >= 1, `frames in the program itself:\n${listing}`);
    for (const frame of own) {
      assert.equal(frame.file, undefined, 'no file without debug info');
      assert.equal(frame.line, undefined, 'no line without debug info');
      assert.ok(frame.moduleOffset !== undefined, 'module offset given');
    }
    assert.ok(
      own.some((frame) => frame.function === 'main'),
      `main (from the ELF symbols) is in the stack:\n${listing}`,
    );
  });
});
