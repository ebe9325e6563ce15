// Through the adapter: call stacks name the function, source file and line of
// every frame down to main, through recursion and through libc's qsort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

function describe(frames: DebugProtocol.StackFrame[]): string {
  return frames.map((frame) => `${frame.name} ${frame.source?.path ?? '-'}:${frame.line}`).join('\n');
}

test('inside recursion every frame down to main has name, source and line', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: mathSource, lines: [markerLine(mathSource, 'FACT_BASE')] },
    ]);
    const frames = await client.frames(stopped.body.threadId ?? 0);
    const expected = [
      { name: /^factorial\b/, path: mathSource, line: markerLine(mathSource, 'FACT_BASE') },
      { name: /^factorial\b/, path: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { name: /^factorial\b/, path: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { name: /^factorial\b/, path: mathSource, line: markerLine(mathSource, 'FACT_RECURSE') },
      { name: /^main\b/, path: mainSource, line: markerLine(mainSource, 'MAIN_FACT') },
    ];
    assert.ok(frames.length >= expected.length, describe(frames));
    expected.forEach((want, index) => {
      assert.match(frames[index].name, want.name, `frame ${index}:\n${describe(frames)}`);
      assert.equal(frames[index].line, want.line, `frame ${index}:\n${describe(frames)}`);
      assert.ok(sameFile(frames[index].source?.path, want.path), `frame ${index}:\n${describe(frames)}`);
    });
    assert.equal(new Set(frames.map((frame) => frame.id)).size, frames.length, 'frame ids are distinct');
  });
});

test('a breakpoint in a qsort comparator shows libc frames between it and main', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: mainSource, lines: [markerLine(mainSource, 'COMPARE_BODY')] },
    ]);
    const frames = await client.frames(stopped.body.threadId ?? 0);
    assert.match(frames[0].name, /^compare_ints\b/, describe(frames));
    assert.equal(frames[0].line, markerLine(mainSource, 'COMPARE_BODY'));
    const mainIndex = frames.findIndex((frame) => /^main\b/.test(frame.name));
    assert.ok(mainIndex > 1, `libc frames, then main:\n${describe(frames)}`);
    assert.equal(frames[mainIndex].line, markerLine(mainSource, 'MAIN_SORT'));
    assert.ok(sameFile(frames[mainIndex].source?.path, mainSource));
    const between = frames.slice(1, mainIndex);
    for (const frame of between) {
      assert.ok(!sameFile(frame.source?.path, mainSource), `frame ${frame.name} is not in main.c`);
      assert.ok(frame.name.length > 0);
    }
    const mentionsLibc = between.some((frame) => /libc|qsort|msort/i.test(`${frame.name} ${frame.source?.path ?? ''} ${frame.moduleId ?? ''}`));
    assert.ok(mentionsLibc, `the frames between say they are libc's:\n${describe(frames)}`);
  });
});
