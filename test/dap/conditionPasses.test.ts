// Through the adapter: a breakpoint whose condition the debugger judges
// (a floating-point condition, which the kernel's BPF cannot judge) lets
// every false pass run the instruction under it exactly once — the helper
// runs a copy of that instruction out of line (DisplacedCode) instead of
// stepping over the breakpoint, or steps over it where it cannot. The
// instruction here reads and writes memory (`total += i`'s add), so a pass
// that ran it twice or not at all shows in the total at the stop and in
// the program's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stopAtMarker, valueOf } from '../support/inspection';
import { fixtureSource } from '../support/paths';
import { markerLine } from '../support/markers';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');
const passes = 3000;
const sumBelow = (n: number) => (n * (n - 1)) / 2;

/** The loop body's instructions: its load of i and the add into total. */
async function bodyInstructions(client: RewindDebugClient, instructionPointerReference: string | undefined) {
  const response = (await client.send('disassemble', {
    memoryReference: instructionPointerReference,
    instructionCount: 2,
  })) as DebugProtocol.DisassembleResponse;
  const rows = response.body?.instructions ?? [];
  assert.equal(rows.length, 2);
  assert.match(rows[1].instruction, /^add/, `the body's second instruction adds into total: ${rows[1].instruction}`);
  return rows;
}

async function expectStopAt(client: RewindDebugClient, threadId: number, pc: bigint, i: number): Promise<void> {
  const stopped = await client.continueToStop(threadId);
  const frame = await client.topFrame(stopped.body.threadId ?? threadId);
  assert.equal(BigInt(frame.instructionPointerReference ?? '0'), pc, 'the stop is at the breakpoint, before its instruction');
  assert.equal(await valueOf(client, frame.id, 'i'), String(i));
  assert.equal(await valueOf(client, frame.id, 'total'), String(sumBelow(i)));
}

test('a debugger-judged condition on a read-modify-write instruction runs it once per false pass', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', [String(passes)]);
    const rows = await bodyInstructions(client, frame.instructionPointerReference);
    await client.setLineBreakpoints(loopSource, []);
    const response = (await client.send('setInstructionBreakpoints', {
      breakpoints: [{ instructionReference: rows[1].address, condition: 'i == 1500.0 || i == 2900.0' }],
    })) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.equal(response.body.breakpoints[0].verified, true, response.body.breakpoints[0].message);
    await expectStopAt(client, threadId, BigInt(rows[1].address), 1500);
    await expectStopAt(client, threadId, BigInt(rows[1].address), 2900);
    await client.send('setInstructionBreakpoints', { breakpoints: [] });
    await client.continueRequest({ threadId });
    await client.waitForOutput('stdout', `total=${sumBelow(passes)}`);
  });
});

test('a debugger-judged condition on a source line stops at its one true pass and the program sums right', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', [String(passes)]);
    const line = markerLine(loopSource, 'LOOP_BODY');
    const set = (await client.setBreakpointsRequest({ source: { path: loopSource }, breakpoints: [{ line, condition: 'i == 2000.0' }] })).body.breakpoints[0];
    assert.equal(set.verified, true, set.message);
    assert.match(set.message ?? '', /judged by the debugger/, "a floating-point condition is the debugger's to judge");
    await expectStopAt(client, threadId, BigInt(frame.instructionPointerReference ?? '0'), 2000);
    await client.setLineBreakpoints(loopSource, []);
    await client.continueRequest({ threadId });
    await client.waitForOutput('stdout', `total=${sumBelow(passes)}`);
  });
});
