// Through the adapter: source breakpoints in hardware mode (DAP
// `breakpointModes`). Where the CPU's debug registers trap, a hardware
// breakpoint stops like a software one without writing the code; where they
// do not (as on the machines Rewind is developed on), it is refused with the
// reason and never stops. A mode that is not Rewind's leaves only its own
// breakpoint unset, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { stopAtMarker, valueOf } from '../support/inspection';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

test('a hardware source breakpoint stops where the debug registers trap, or is refused with the reason; a bad mode unsets only its own', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', ['5']);
    assert.equal(await valueOf(client, frame.id, 'i'), '0');
    const [hardware, magic] = await client.setSourceBreakpoints(loopSource, [
      { line: markerLine(loopSource, 'LOOP_BODY'), mode: 'hardware' },
      { line: markerLine(loopSource, 'LOOP_DONE'), mode: 'magic' },
    ]);
    assert.equal(magic.verified, false);
    assert.match(magic.message ?? '', /^The breakpoint mode 'magic' is not one of 'software', 'hardware'\. This breakpoint is not set\.$/);
    if (hardware.verified) {
      // A machine whose debug registers trap: the next pass stops at the hardware breakpoint.
      const stopped = await client.continueToStop(threadId);
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(stopped.body.hitBreakpointIds, [hardware.id]);
      assert.equal(await valueOf(client, (await client.topFrame(threadId)).id, 'i'), '1');
      return;
    }
    assert.match(hardware.message ?? '', /^A hardware breakpoint needs the CPU's debug registers, but .*debug registers.*software mode/);
    // The refused one does not stop: the program runs to its end.
    await client.continueRequest({ threadId });
    const exited = await client.waitFor('exited');
    assert.equal((exited.body as { exitCode: number }).exitCode, 0);
  });
});
