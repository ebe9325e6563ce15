// Through the adapter: a breakpoint in a shared library set before the library
// loads is unverified at first, then verified by a breakpoint event, and stops;
// so is a function breakpoint on a function of a library loaded with dlopen
// (the functions of each module are read when a lookup comes after it loads).
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

test('a function breakpoint on a function of a library loaded later with dlopen is resolved and hit', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const source = fixtureSource('sharedlib', 'plugin.c');
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('sharedlib') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'greet_compute' }, { name: 'plugin_entry' }] })).body.breakpoints;
    });
    const [greet, plugin] = breakpoints;
    assert.equal(plugin.verified, false, `pending until the plugin loads: ${JSON.stringify(plugin)}`);
    const first = await client.waitForStopped();
    assert.deepEqual(first.body.hitBreakpointIds, [greet.id], "the linked library's function stops first");
    await client.continueRequest({ threadId: first.body.threadId ?? 0 });
    const changed = (await client.waitFor(
      'breakpoint',
      (event) => (event as DebugProtocol.BreakpointEvent).body.breakpoint.id === plugin.id,
    )) as DebugProtocol.BreakpointEvent;
    assert.equal(changed.body.breakpoint.verified, true, JSON.stringify(changed.body));
    const stopped = await client.waitForStopped();
    assert.deepEqual(stopped.body.hitBreakpointIds, [plugin.id]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^plugin_entry\b/);
    assert.equal(frame.line, markerLine(source, 'PLUGIN_BODY'));
  });
});
