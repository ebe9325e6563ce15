// Through the adapter: a breakpoint in a shared library set before the library
// loads is unverified at first, then verified by a breakpoint event, and stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

for (const { file, marker, functionName } of [
  { file: 'greet.c', marker: 'GREET_BODY', functionName: 'greet_compute' },
  { file: 'plugin.c', marker: 'PLUGIN_BODY', functionName: 'plugin_entry' },
]) {
  test(`a breakpoint in ${file}, set before the library loads, is resolved and hit`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const source = fixtureSource('sharedlib', file);
      const line = markerLine(source, marker);
      const [[pending]] = await client.launchWithBreakpoints({ program: fixtureBinary('sharedlib') }, [{ source, lines: [line] }]);
      assert.equal(pending.verified, false, `pending until the library loads: ${JSON.stringify(pending)}`);
      assert.notEqual(pending.id, undefined, 'a pending breakpoint has an id for the later update');
      const changed = (await client.waitFor(
        'breakpoint',
        (event) => (event as DebugProtocol.BreakpointEvent).body.breakpoint.id === pending.id,
      )) as DebugProtocol.BreakpointEvent;
      assert.equal(changed.body.reason, 'changed');
      assert.equal(changed.body.breakpoint.verified, true);
      assert.equal(changed.body.breakpoint.line, line);
      const stopped = await client.waitForStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      assert.match(frame.name, new RegExp(`^${functionName}\\b`));
      assert.equal(frame.line, line);
      assert.ok(sameFile(frame.source?.path, source));
    });
  });
}
