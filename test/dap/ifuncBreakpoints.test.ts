// Through the adapter: function breakpoints on IFUNC symbols (libm's cos
// and floor are STT_GNU_IFUNC: the symbol is a resolver that picks the
// implementation for this CPU). As in gdb, the breakpoint goes on the
// implementation the resolver picks, so every call stops: set before the
// program runs, it waits for the program's own first call of the resolver
// (the dynamic linker's lazy binding) and reads its result; set in a live
// program, Rewind calls the resolver itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('ifunc', 'main.c');

/** The line of main each stop was called from (the stop is in libm, which has no line table). */
async function callerLines(client: RewindDebugClient, first: DebugProtocol.StoppedEvent, ids: Map<number, string>): Promise<string[]> {
  const seen: string[] = [];
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    assert.equal(stopped.body.reason, 'breakpoint');
    const frames = await client.frames(stopped.body.threadId ?? 0, 5);
    const caller = frames.find((frame) => /^main\b/.test(frame.name));
    assert.ok(caller, `main among ${frames.map((frame) => frame.name).join(' < ')}`);
    const names = (stopped.body.hitBreakpointIds ?? []).map((id) => ids.get(id) ?? `#${id}`);
    seen.push(`${names.join(',')}@${caller.line}`);
  };
  await record(first);
  const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record);
  assert.equal(exited.body.exitCode, 0);
  return seen;
}

test('IFUNC breakpoints set before the program runs stop at every call of cos and floor', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('ifunc') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cos' }, { name: 'floor' }] })).body.breakpoints;
    });
    assert.equal(breakpoints.length, 2);
    const ids = new Map<number, string>([
      [breakpoints[0].id ?? -1, 'cos'],
      [breakpoints[1].id ?? -1, 'floor'],
    ]);
    const first = await client.waitForStopped();
    const cosLine = markerLine(source, 'COS_CALL');
    const floorLine = markerLine(source, 'FLOOR_CALL');
    const expected = [0, 1, 2].flatMap(() => [`cos@${cosLine}`, `floor@${floorLine}`]);
    assert.deepEqual(await callerLines(client, first, ids), expected);
  });
});

test('an IFUNC breakpoint set in the live program binds at once to the implementation', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('ifunc') }, [{ source, lines: [markerLine(source, 'IFUNC_START')] }]);
    await client.setLineBreakpoints(source, []);
    const response = await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cos' }] });
    const [cos] = response.body.breakpoints;
    assert.equal(cos.verified, true, JSON.stringify(cos));
    assert.match(cos.message ?? '', /IFUNC/, `the breakpoint says where it went: ${JSON.stringify(cos)}`);
    const first = await client.continueToStop(stopped.body.threadId ?? 0);
    const cosLine = markerLine(source, 'COS_CALL');
    assert.deepEqual(await callerLines(client, first, new Map<number, string>([[cos.id ?? -1, 'cos']])), [
      `cos@${cosLine}`,
      `cos@${cosLine}`,
      `cos@${cosLine}`,
    ]);
  });
});
