// Through the adapter: `disconnect` with terminateDebuggee false detaches a
// program Rewind launched. It keeps running after the helper and adapter are
// gone — untraced, with no breakpoint byte and no debug register left to
// kill it — and a new session can attach to it and stop at a breakpoint,
// where it has gone on counting while nobody was watching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { named, RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { describeProcesses, descendantsOf, eventually, isAlive, killIfAlive, processInfo, sleep } from '../support/processes';
import { testTimeoutMs } from '../support/timeouts';

const spinSource = fixtureSource('spin', 'main.c');
const tickLine = markerLine(spinSource, 'SPIN_TICK');

/** The `number` argument of tick() where the thread stopped. */
async function tickNumber(client: RewindDebugClient, threadId: number): Promise<number> {
  const frame = await client.topFrame(threadId);
  assert.equal(frame.line, tickLine);
  return Number(named(await client.locals(frame.id), 'number').value);
}

/** The debuggee's pid: the one descendant of the adapter that runs the fixture. */
function programPid(client: RewindDebugClient, program: string): number {
  const exe = fs.realpathSync(program);
  const found = descendantsOf(client.adapterPid).filter((info) => info.exe === exe);
  assert.equal(found.length, 1, `the launched program runs: ${describeProcesses(descendantsOf(client.adapterPid))}`);
  return found[0].pid;
}

test('disconnect without terminateDebuggee leaves a launched program running untraced, and it can be attached again', { timeout: testTimeoutMs }, async () => {
  const program = fixtureBinary('spin');
  let pid: number | undefined;
  try {
    const first = new RewindDebugClient();
    await first.startAdapter();
    let seenBefore: number;
    try {
      await first.launchWithBreakpoints({ program }, [{ source: spinSource, lines: [tickLine] }]);
      const stopped = await first.waitForStopped();
      const threadId = stopped.body.threadId ?? 0;
      seenBefore = await tickNumber(first, threadId);
      pid = programPid(first, program);
      // A write watch on `ticks` takes a debug register where the machine has them.
      const info = await first.dataBreakpointInfoRequest({ name: 'ticks' });
      assert.ok(info.body.dataId, JSON.stringify(info.body));
      await first.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
      await first.disconnectRequest({ terminateDebuggee: false });
      await first.waitForAdapterExit();
    } catch (error) {
      await first.stopSession();
      throw error;
    }
    const runningPid = pid;
    assert.ok(await eventually(() => processInfo(runningPid)?.tracerPid === 0), 'nothing traces the program after the detach');
    await sleep(500);
    const info = processInfo(runningPid);
    assert.ok(info && isAlive(runningPid), `the program still runs half a second after the detach: ${JSON.stringify(info)}`);
    assert.notEqual(info.state, 't', 'the program is not left stopped');
    assert.notEqual(info.state, 'T', 'the program is not left stopped');
    assert.equal(info.tracerPid, 0);

    const second = new RewindDebugClient();
    await second.startAdapter();
    try {
      await second.attachWithBreakpoints({ processId: runningPid, program }, [{ source: spinSource, lines: [tickLine] }]);
      const stopped = await second.waitForStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const seenAfter = await tickNumber(second, stopped.body.threadId ?? 0);
      assert.ok(seenAfter >= seenBefore + 10, `the program went on counting while detached (tick ${seenBefore} → ${seenAfter})`);
      await second.disconnectRequest({ terminateDebuggee: true });
      await second.waitForAdapterExit();
      assert.ok(await eventually(() => !isAlive(runningPid)), 'terminateDebuggee ends the program attached to');
    } finally {
      await second.stopSession();
    }
  } finally {
    if (pid !== undefined) killIfAlive([pid]);
  }
});
