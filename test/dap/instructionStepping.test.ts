// Through the adapter: stepping with `granularity: 'instruction'` — stepIn
// moves exactly one instruction (the next row of the disassembly, or the
// first instruction of a called function), next steps over a call to the
// instruction after it, and stepOut returns to the caller at the return
// address (also out of a recursion whose deeper calls return through the
// same address first). Each stop is a 'step' stop at the pc the
// disassembly predicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stopAtMarker, valueOf } from '../support/inspection';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

async function disassembleAt(client: RewindDebugClient, address: string, count: number): Promise<DebugProtocol.DisassembledInstruction[]> {
  const response = (await client.send('disassemble', { memoryReference: address, instructionCount: count })) as DebugProtocol.DisassembleResponse;
  const rows = response.body?.instructions ?? [];
  assert.equal(rows.length, count);
  return rows;
}

/** Steps by one instruction and answers the stop and the new top frame. */
async function instructionStep(
  client: RewindDebugClient,
  kind: 'next' | 'stepIn' | 'stepOut',
  threadId: number,
): Promise<{ stopped: DebugProtocol.StoppedEvent; frame: DebugProtocol.StackFrame }> {
  await client.send(kind, { threadId, granularity: 'instruction' });
  const stopped = await client.waitForStopped();
  return { stopped, frame: await client.topFrame(stopped.body.threadId ?? threadId) };
}

function pcOf(frame: DebugProtocol.StackFrame): bigint {
  assert.ok(frame.instructionPointerReference, `${frame.name} has an instruction pointer reference`);
  return BigInt(frame.instructionPointerReference);
}

test('stepIn by instruction moves to the next row of the disassembly, one at a time', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'inspect', 'main.c', 'MAIN_TWICE');
    const rows = await disassembleAt(client, frame.instructionPointerReference ?? '', 4);
    assert.ok(!rows[0].instruction.startsWith('call') && !rows[1].instruction.startsWith('call'), rows.map((row) => row.instruction).join('; '));
    for (const expected of rows.slice(1, 3)) {
      const step = await instructionStep(client, 'stepIn', threadId);
      assert.equal(step.stopped.body.reason, 'step');
      assert.equal(pcOf(step.frame), BigInt(expected.address), `at ${expected.address} (${expected.instruction})`);
      assert.match(step.frame.name, /^main\b/);
    }
  });
});

test('next by instruction steps over a call; stepIn enters it; stepOut returns to the caller', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'inspect', 'main.c', 'MAIN_TWICE');
    // The line calls twice(*pointer): find the call in the disassembly and walk to it by instructions.
    const rows = await disassembleAt(client, frame.instructionPointerReference ?? '', 8);
    const callIndex = rows.findIndex((row) => row.instruction.startsWith('call'));
    assert.ok(callIndex > 0, rows.map((row) => row.instruction).join('; '));
    assert.match(rows[callIndex].instruction, /<twice>/);
    for (let index = 1; index <= callIndex; index++) {
      const step = await instructionStep(client, 'next', threadId);
      assert.equal(pcOf(step.frame), BigInt(rows[index].address));
    }
    const afterCall = BigInt(rows[callIndex + 1].address);

    // stepIn at the call: the first instruction of twice, one frame deeper.
    const entered = await instructionStep(client, 'stepIn', threadId);
    assert.equal(entered.stopped.body.reason, 'step');
    assert.match(entered.frame.name, /^twice\b/);
    const callee = await disassembleAt(client, entered.frame.instructionPointerReference ?? '', 1);
    assert.equal(callee[0].symbol, 'twice', 'the first instruction of twice');
    const inside = await client.frames(threadId, 3);
    assert.match(inside[1].name, /^main\b/);
    assert.equal(pcOf(inside[1]), afterCall, 'the caller resumes after the call');

    // stepOut: back in main exactly at the return address, the call's result in eax.
    const returned = await instructionStep(client, 'stepOut', threadId);
    assert.equal(returned.stopped.body.reason, 'step');
    assert.match(returned.frame.name, /^main\b/);
    assert.equal(pcOf(returned.frame), afterCall);
    assert.equal(await valueOf(client, returned.frame.id, '(int)$rax'), '10');
  });
});

test('next by instruction over a call lands on the instruction after it, in the same frame', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtMarker(client, 'inspect', 'main.c', 'MAIN_TWICE');
    const rows = await disassembleAt(client, frame.instructionPointerReference ?? '', 8);
    const callIndex = rows.findIndex((row) => row.instruction.startsWith('call'));
    assert.ok(callIndex > 0);
    for (let index = 1; index <= callIndex; index++) await instructionStep(client, 'stepIn', threadId);
    const depthBefore = (await client.stackTraceRequest({ threadId, startFrame: 0, levels: 20 })).body.stackFrames.length;
    const over = await instructionStep(client, 'next', threadId);
    assert.equal(over.stopped.body.reason, 'step');
    assert.match(over.frame.name, /^main\b/);
    assert.equal(pcOf(over.frame), BigInt(rows[callIndex + 1].address));
    assert.equal((await client.stackTraceRequest({ threadId, startFrame: 0, levels: 20 })).body.stackFrames.length, depthBefore);
    assert.equal(await valueOf(client, over.frame.id, '(int)$rax'), '10', 'twice(5) ran');
  });
});

test("stepOut by instruction in a recursion returns to this frame's caller, not a deeper one's", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    // At depth 0 of 5, about to recurse: the deeper calls return through the same address first.
    const { threadId } = await stopAtMarker(client, 'deep', 'main.c', 'DEEP_CALL', ['5']);
    await client.setLineBreakpoints(fixtureSource('deep', 'main.c'), []);
    const before = await client.frames(threadId, 3);
    assert.equal(await valueOf(client, before[0].id, 'depth'), '0');
    assert.match(before[1].name, /^main\b/);
    const returned = await instructionStep(client, 'stepOut', threadId);
    assert.equal(returned.stopped.body.reason, 'step');
    assert.match(returned.frame.name, /^main\b/);
    assert.equal(pcOf(returned.frame), pcOf(before[1]));
    assert.equal(await valueOf(client, returned.frame.id, '$rax'), '10', 'descend(0, 5) returned 5 + 5');
  });
});
