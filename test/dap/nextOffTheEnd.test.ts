// Through the adapter: `next` off the end of a function returns into the
// middle of the caller's line and finishes that line, as gdb does, so it
// stops where the caller's next line starts (gdb 13 on the same program:
// ADD_RETURN, then the closing brace, then MAIN_FACT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

test("next off the end of a function stops at the start of the caller's next line", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
      { source: mathSource, lines: [markerLine(mathSource, 'ADD_RETURN')] },
    ]);
    const threadId = stopped.body.threadId ?? 0;
    await client.setLineBreakpoints(mathSource, []);
    const brace = await client.step('next', threadId);
    assert.equal(brace.frame.line, markerLine(mathSource, 'ADD_RETURN') + 1);
    const back = await client.step('next', threadId);
    assert.match(back.frame.name, /^main\b/);
    assert.ok(sameFile(back.frame.source?.path, mainSource));
    assert.equal(back.frame.line, markerLine(mainSource, 'MAIN_FACT'));
    const frame = await client.topFrame(threadId);
    assert.equal(named(await client.locals(frame.id), 'sum').value, '49', 'the call line finished: sum is assigned');
  });
});
