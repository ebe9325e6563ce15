// Through the adapter: a breakpoint names its source file by full path. A
// file of another program that merely has the same name (main.c) is not this
// program's file: the breakpoint stays pending and nothing stops, rather
// than landing on whatever line of this program's main.c comes next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test("a breakpoint in another program's main.c does not bind to this program's main.c", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const otherMain = fixtureSource('loop', 'main.c');
    const [[breakpoint]] = await client.launchWithBreakpoints({ program: fixtureBinary('multifile') }, [
      { source: otherMain, lines: [markerLine(otherMain, 'LOOP_BODY')] },
    ]);
    assert.equal(breakpoint.verified, false, `no module of multifile has ${otherMain}: ${JSON.stringify(breakpoint)}`);
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 3);
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'no stop');
  });
});
