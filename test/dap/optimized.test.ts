// Through the adapter, on the -O2 build: a breakpoint on a function's line stops
// in that function and the call stack still leads to main. Values that -O2 may
// optimize away are not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');

for (const { file, marker, functionName } of [
  { file: 'math_ops.c', marker: 'ADD_BODY', functionName: 'add' },
  { file: 'shapes.c', marker: 'AREA_WIDTH', functionName: 'rectangle_area' },
]) {
  test(`-O2: a breakpoint in ${functionName} stops there with a sane stack`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const source = fixtureSource('multifile', file);
      const { stopped, breakpoints } = await client.launchToStop({ program: fixtureBinary('multifile-O2') }, [{ source, lines: [markerLine(source, marker)] }]);
      assert.equal(breakpoints[0][0].verified, true, JSON.stringify(breakpoints[0][0]));
      assert.equal(stopped.body.reason, 'breakpoint');
      const frames = await client.frames(stopped.body.threadId ?? 0);
      const listing = frames.map((frame) => `${frame.name} ${frame.source?.path ?? '-'}:${frame.line}`).join('\n');
      assert.match(frames[0].name, new RegExp(`^${functionName}\\b`), listing);
      assert.ok(sameFile(frames[0].source?.path, source), listing);
      const main = frames.find((frame) => /^main\b/.test(frame.name));
      assert.ok(main, `main is in the stack:\n${listing}`);
      assert.ok(sameFile(main.source?.path, mainSource), listing);
      assert.ok(frames.indexOf(main) >= 1 && frames.indexOf(main) <= 3, `main is right below:\n${listing}`);
    });
  });
}
