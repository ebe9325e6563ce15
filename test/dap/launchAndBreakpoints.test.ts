// Through the adapter: launch + setBreakpoints + configurationDone stops at the
// marker; a comment line moves to the next line with code; a file without code
// gives an unverified breakpoint with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

test('a breakpoint on a line of another file stops there', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const line = markerLine(mathSource, 'ADD_BODY');
    const { stopped, breakpoints } = await client.launchToStop({ program: fixtureBinary('multifile') }, [{ source: mathSource, lines: [line] }]);
    assert.equal(client.capabilities.supportsConfigurationDoneRequest, true);
    const [breakpoint] = breakpoints[0];
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    assert.equal(breakpoint.line, line);
    assert.equal(stopped.body.reason, 'breakpoint');
    if (stopped.body.hitBreakpointIds !== undefined) assert.deepEqual(stopped.body.hitBreakpointIds, [breakpoint.id]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^add\b/);
    assert.equal(frame.line, line);
    assert.ok(sameFile(frame.source?.path, mathSource), `source ${frame.source?.path}`);
  });
});

test('a breakpoint on a comment line moves to the next line with code', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const code = markerLine(mainSource, 'MAIN_AREA');
    const { stopped, breakpoints } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: mainSource, lines: [markerLine(mainSource, 'COMMENT_BEFORE_AREA')] },
    ]);
    const [breakpoint] = breakpoints[0];
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    assert.equal(breakpoint.line, code, 'the response tells the editor where the breakpoint really is');
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^main\b/);
    assert.equal(frame.line, code);
  });
});

test('a breakpoint in a file with no code is unverified with a message', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const noCodeFile = fixtureSource('multifile', 'only_comments.c');
    const header = fixtureSource('multifile', 'math_ops.h');
    const line = markerLine(mainSource, 'MAIN_RETURN');
    const { stopped, breakpoints } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: noCodeFile, lines: [markerLine(noCodeFile, 'NO_CODE_LINE')] },
      { source: header, lines: [markerLine(header, 'HEADER_DECL')] },
      { source: mainSource, lines: [line] },
    ]);
    for (const [breakpoint] of breakpoints.slice(0, 2)) {
      assert.equal(breakpoint.verified, false, JSON.stringify(breakpoint));
      assert.ok((breakpoint.message ?? '').length > 0, `a message says why: ${JSON.stringify(breakpoint)}`);
    }
    // The unverified ones cost nothing: the session goes on to the real breakpoint.
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.equal(frame.line, line);
  });
});
