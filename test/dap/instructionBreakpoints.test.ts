// Through the adapter: instruction breakpoints set from an address of a
// `disassemble` answer (as the disassembly view sets them) — verified at
// that address (also through an offset), hit with the stop reason
// 'instruction breakpoint' and the breakpoint's id, and honouring a
// condition and a hit condition evaluated in the helper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stopAtMarker, valueOf } from '../support/inspection';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

/** Stops at the loop body (i == 0 of 20 passes), removes the line breakpoint and answers the body's first two instructions. */
async function atLoopBody(client: RewindDebugClient): Promise<{ threadId: number; rows: DebugProtocol.DisassembledInstruction[] }> {
  const { threadId, frame } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', ['20']);
  assert.equal(await valueOf(client, frame.id, 'i'), '0');
  const response = (await client.send('disassemble', {
    memoryReference: frame.instructionPointerReference,
    instructionCount: 2,
  })) as DebugProtocol.DisassembleResponse;
  await client.setLineBreakpoints(loopSource, []);
  return { threadId, rows: response.body?.instructions ?? [] };
}

async function setInstructionBreakpoints(client: RewindDebugClient, breakpoints: DebugProtocol.InstructionBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
  const response = (await client.send('setInstructionBreakpoints', { breakpoints })) as DebugProtocol.SetInstructionBreakpointsResponse;
  assert.equal(response.body.breakpoints.length, breakpoints.length);
  return response.body.breakpoints;
}

/** Continues to the next stop; answers its reason, ids, pc and the loop's `i` there. */
async function continueToStop(client: RewindDebugClient, threadId: number) {
  const stopped = await client.continueToStop(threadId);
  const frame = await client.topFrame(stopped.body.threadId ?? threadId);
  return {
    reason: stopped.body.reason,
    ids: stopped.body.hitBreakpointIds ?? [],
    pc: BigInt(frame.instructionPointerReference ?? '0'),
    i: await valueOf(client, frame.id, 'i'),
  };
}

test('an instruction breakpoint from the disassembly stops there with its own reason', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, rows } = await atLoopBody(client);
    assert.equal(client.capabilities.supportsInstructionBreakpoints, true);
    const [placed] = await setInstructionBreakpoints(client, [{ instructionReference: rows[0].address }]);
    assert.equal(placed.verified, true, placed.message);
    assert.equal(BigInt(placed.instructionReference ?? ''), BigInt(rows[0].address));
    for (const expected of ['1', '2']) {
      const stop = await continueToStop(client, threadId);
      assert.equal(stop.reason, 'instruction breakpoint');
      assert.deepEqual(stop.ids, [placed.id]);
      assert.equal(stop.pc, BigInt(rows[0].address));
      assert.equal(stop.i, expected);
    }
  });
});

test('an offset from the instruction reference places the breakpoint at the next instruction', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, rows } = await atLoopBody(client);
    const offset = Number(BigInt(rows[1].address) - BigInt(rows[0].address));
    const [placed] = await setInstructionBreakpoints(client, [{ instructionReference: rows[0].address, offset }]);
    assert.equal(placed.verified, true, placed.message);
    assert.equal(BigInt(placed.instructionReference ?? ''), BigInt(rows[1].address));
    // The pc is already past rows[0] but not past rows[1]: the same pass through the body stops there.
    const stop = await continueToStop(client, threadId);
    assert.equal(stop.reason, 'instruction breakpoint');
    assert.equal(stop.pc, BigInt(rows[1].address));
    assert.equal(stop.i, '0');
  });
});

test('a condition and a hit condition decide which passes stop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, rows } = await atLoopBody(client);
    const [conditional] = await setInstructionBreakpoints(client, [{ instructionReference: rows[0].address, condition: 'i == 6' }]);
    assert.equal(conditional.verified, true);
    const first = await continueToStop(client, threadId);
    assert.deepEqual([first.reason, first.i], ['instruction breakpoint', '6']);

    // Replaced: every pass with an even i counts, and the second such hit stops (8 counts, 10 stops).
    await setInstructionBreakpoints(client, [{ instructionReference: rows[0].address, condition: 'i % 2 == 0', hitCondition: '2' }]);
    const second = await continueToStop(client, threadId);
    assert.deepEqual([second.reason, second.i], ['instruction breakpoint', '10']);

    // Removed: the program runs to its end.
    await setInstructionBreakpoints(client, []);
    await client.continueRequest({ threadId });
    await client.waitFor('exited');
  });
});

test(
  'breakpoint modes: hardware takes a debug register, or is refused with the reason where they do not trap; an unknown mode is an error',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const { threadId, rows } = await atLoopBody(client);
      const modes = client.capabilities.breakpointModes ?? [];
      assert.deepEqual(
        modes.map((mode) => [mode.mode, mode.appliesTo]),
        [
          ['software', ['source', 'instruction']],
          ['hardware', ['source', 'instruction']],
        ],
      );
      const unknown = await client.sendForResponse('setInstructionBreakpoints', { breakpoints: [{ instructionReference: rows[0].address, mode: 'magic' }] });
      assert.equal(unknown.success, false);
      assert.match(unknown.message ?? '', /mode 'magic' is not one of 'software', 'hardware'/);
      const [hardware, software] = await setInstructionBreakpoints(client, [
        { instructionReference: rows[0].address, mode: 'hardware' },
        { instructionReference: rows[1].address },
      ]);
      assert.equal(software.verified, true, software.message);
      if (hardware.verified) {
        // A machine whose debug registers trap: the thread stands on the
        // hardware one's address, so it first stops at the software one of
        // this pass (not again where it stood), then at the hardware one on
        // the next pass, and then at each one in turn.
        for (const [ids, row, i] of [
          [[software.id], rows[1], '0'],
          [[hardware.id], rows[0], '1'],
          [[software.id], rows[1], '1'],
          [[hardware.id], rows[0], '2'],
        ] as const) {
          const stop = await continueToStop(client, threadId);
          assert.equal(stop.reason, 'instruction breakpoint');
          assert.deepEqual([stop.ids, stop.pc, stop.i], [ids, BigInt(row.address), i]);
        }
      } else {
        assert.match(hardware.message ?? '', /^A hardware breakpoint needs the CPU's debug registers, but .*debug registers.*software mode/);
        const stop = await continueToStop(client, threadId);
        assert.deepEqual(stop.ids, [software.id], 'the refused hardware breakpoint does not stop');
        assert.equal(stop.pc, BigInt(rows[1].address));
      }
    });
  },
);
