// Call stacks: every frame from the stop down to main has its function, file
// and line, through recursion and through libc (a qsort comparator), and pages
// of the stack agree with the whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { HelperFrame } from '../support/helperTypes';
import { runToFirstStop, stackFrames } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

function describe(frames: HelperFrame[]): string {
  return frames.map((frame) => `#${frame.index} ${frame.function} ${frame.module ?? '?'} ${frame.file ?? '-'}:${frame.line ?? '-'}`).join('\n');
}

function indexOfMain(frames: HelperFrame[]): number {
  const index = frames.findIndex((frame) => frame.function === 'main');
  assert.ok(index > 0, `main is in the stack:\n${describe(frames)}`);
  return index;
}

test('inside recursion every frame down to main has function, file and line', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mathSource, lines: [markerLine(mathSource, 'FACT_BASE')] }],
    });
    const frames = await stackFrames(helper, stopped.tid);
    const expected = [
      { function: 'factorial', file: mathSource, line: markerLine(mathSource, 'FACT_BASE') },
      { function: 'factorial', file: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { function: 'factorial', file: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { function: 'factorial', file: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { function: 'main', file: mainSource, line: markerLine(mainSource, 'MAIN_FACT') },
    ];
    assert.ok(frames.length >= expected.length, describe(frames));
    expected.forEach((want, index) => {
      const frame = frames[index];
      assert.equal(frame.index, index);
      assert.equal(frame.function, want.function, `frame ${index}:\n${describe(frames)}`);
      assert.equal(frame.line, want.line, `frame ${index}:\n${describe(frames)}`);
      assert.ok(sameFile(frame.file, want.file), `frame ${index} file ${frame.file}`);
      assert.equal(frame.module, 'multifile', `frame ${index} module`);
    });
  });
});

test('a page of the stack matches the same frames of the whole stack', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mathSource, lines: [markerLine(mathSource, 'FACT_BASE')] }],
    });
    const whole = await stackFrames(helper, stopped.tid);
    const page = await helper.request<{ frames: HelperFrame[] }>('stackTrace', { tid: stopped.tid, startFrame: 2, levels: 2 });
    assert.equal(page.frames.length, 2);
    assert.deepEqual(
      page.frames.map((frame) => [frame.index, frame.function, frame.line, frame.pc]),
      whole.slice(2, 4).map((frame) => [frame.index, frame.function, frame.line, frame.pc]),
    );
  });
});

test('a breakpoint in a qsort comparator shows the libc frames and main below them', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mainSource, lines: [markerLine(mainSource, 'COMPARE_BODY')] }],
    });
    const frames = await stackFrames(helper, stopped.tid);
    assert.equal(frames[0].function, 'compare_ints', describe(frames));
    assert.equal(frames[0].line, markerLine(mainSource, 'COMPARE_BODY'));
    const mainIndex = indexOfMain(frames);
    const libcFrames = frames.slice(1, mainIndex);
    assert.ok(libcFrames.length >= 1, `libc frames between the comparator and main:\n${describe(frames)}`);
    for (const frame of libcFrames) {
      assert.match(frame.module ?? '', /^libc[.-]/, `frame ${frame.index} is in libc:\n${describe(frames)}`);
      assert.ok(frame.moduleOffset !== undefined, `frame ${frame.index} has a module offset`);
    }
    assert.equal(frames[mainIndex].line, markerLine(mainSource, 'MAIN_SORT'));
    assert.ok(sameFile(frames[mainIndex].file, mainSource));
  });
});
