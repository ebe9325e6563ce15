// Recording started and stopped by request (the Record button) rather than
// by the launch configuration: the history begins where recording starts,
// a step back works, and while recording the program is kept on one CPU
// (CpuPinning: the kernel's per-thread CPU number must not change behind the
// history's back); stopping the recording gives the old CPU mask back and
// forgets the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { HelperError } from '../support/helperDriver';
import { withHelper } from '../support/helperDriver';
import { runToFirstStop, step, topFrame, waitForStopped } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';

const source = fixtureSource('reverse', 'main.c');

function allowedCpus(pid: number): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((each) => each.startsWith('Cpus_allowed_list:'));
  assert.ok(line, 'the kernel reports the CPU mask');
  return line.split(':')[1].trim();
}

test('startRecording keeps the program on one CPU and lets it step back; stopRecording gives the mask back', { timeout: 60_000 }, async () => {
  await withHelper(async (helper) => {
    const { launch, stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('reverse'),
      breakpoints: [{ source, lines: [markerLine(source, 'MAIN_START')] }],
    });
    const tid = stopped.tid;
    const before = allowedCpus(launch.pid);

    await assert.rejects(helper.request('stepBack', { tid }), (error: HelperError) => {
      assert.equal(error.code, 'WrongState');
      assert.match(error.message, /Nothing was recorded/);
      return true;
    });

    const started = await helper.request<{ size: number }>('startRecording', {});
    assert.equal(started.size, 0, 'the history starts empty where recording starts');
    const pinned = allowedCpus(launch.pid);
    assert.match(pinned, /^\d+$/, `one CPU while recording (was ${before}, now ${pinned})`);

    const startLine = (await topFrame(helper, tid)).line;
    const { frame: next } = await step(helper, 'next', tid);
    assert.notEqual(next.line, startLine, 'the step moved on');
    const info = await helper.request<{ size: number; position: number }>('recordingInfo', {});
    assert.ok(info.size > 0 && info.position === info.size, `the step was recorded (${JSON.stringify(info)})`);

    await helper.request('stepBack', { tid });
    await waitForStopped(helper);
    assert.equal((await topFrame(helper, tid)).line, startLine, 'stepped back to where recording started');
    await helper.request('travelTo', { index: info.size });
    await waitForStopped(helper);

    const stoppedInfo = await helper.request<{ recording: boolean }>('stopRecording', {});
    assert.equal(stoppedInfo.recording, false);
    assert.equal(allowedCpus(launch.pid), before, 'the old CPU mask is back');
    await assert.rejects(helper.request('stepBack', { tid }), /Nothing was recorded/);
  });
});
