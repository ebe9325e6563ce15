// Breakpoints by source line: an exact line stops there; a comment line moves to
// the next line with code; a file without code, or a line after the last code,
// is refused (verified false with a message); ids stay stable when the same line
// is set again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { launchWithBreakpoints, runToFirstStop, setBreakpoints, topFrame } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

test('a breakpoint on a line with code is verified there and the program stops on it', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const line = markerLine(mathSource, 'ADD_BODY');
    const { breakpoints, stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mathSource, lines: [line] }],
    });
    const [breakpoint] = breakpoints[0];
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    assert.equal(breakpoint.line, line);
    assert.ok(sameFile(breakpoint.source, mathSource), `source ${breakpoint.source}`);
    assert.ok((breakpoint.addresses ?? []).length > 0, 'a verified breakpoint has an address');
    assert.equal(stopped.reason, 'breakpoint');
    assert.deepEqual(stopped.hitBreakpointIds, [breakpoint.id]);
    const frame = await topFrame(helper, stopped.tid);
    assert.equal(frame.function, 'add');
    assert.equal(frame.line, line);
    assert.ok(sameFile(frame.file, mathSource), `file ${frame.file}`);
  });
});

test('a breakpoint on a comment line moves to the next line with code', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const comment = markerLine(mainSource, 'COMMENT_BEFORE_AREA');
    const code = markerLine(mainSource, 'MAIN_AREA');
    const { breakpoints, stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mainSource, lines: [comment] }],
    });
    const [breakpoint] = breakpoints[0];
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    assert.equal(breakpoint.requestedLine, comment);
    assert.equal(breakpoint.line, code);
    assert.equal(stopped.reason, 'breakpoint');
    const frame = await topFrame(helper, stopped.tid);
    assert.equal(frame.function, 'main');
    assert.equal(frame.line, code);
  });
});

test('a breakpoint in a file with no code is not verified and says why', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const noCodeFile = fixtureSource('multifile', 'only_comments.c');
    const header = fixtureSource('multifile', 'math_ops.h');
    const { breakpoints } = await launchWithBreakpoints(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [
        { source: noCodeFile, lines: [markerLine(noCodeFile, 'NO_CODE_LINE')] },
        { source: header, lines: [markerLine(header, 'HEADER_DECL')] },
      ],
    });
    for (const [breakpoint] of breakpoints) {
      assert.equal(breakpoint.verified, false, JSON.stringify(breakpoint));
      assert.ok((breakpoint.message ?? '').length > 0, `a message says why: ${JSON.stringify(breakpoint)}`);
    }
  });
});

test('a line after the last line with code is not verified', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { breakpoints } = await launchWithBreakpoints(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mainSource, lines: [5000] }],
    });
    const [breakpoint] = breakpoints[0];
    assert.equal(breakpoint.verified, false, JSON.stringify(breakpoint));
    assert.ok((breakpoint.message ?? '').length > 0);
  });
});

test('setting the same line again keeps the id; leaving it out removes the breakpoint', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const first = markerLine(mathSource, 'ADD_BODY');
    const second = markerLine(mathSource, 'FACT_ENTRY');
    const { breakpoints } = await launchWithBreakpoints(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mathSource, lines: [first, second] }],
    });
    const [firstBreakpoint] = breakpoints[0];
    // Replace the file's breakpoints: keep the second line only, in a new order.
    const again = await setBreakpoints(helper, mathSource, [second]);
    assert.equal(again[0].id, breakpoints[0][1].id, 'same line, same id');
    assert.notEqual(again[0].id, firstBreakpoint.id);
    await helper.request('configurationDone');
    const stopped = (await helper.waitForEvent('stopped')).body;
    const frame = await topFrame(helper, Number(stopped.tid));
    assert.equal(frame.line, second, 'the removed breakpoint in add() is not hit');
    assert.equal(frame.function, 'factorial');
  });
});
