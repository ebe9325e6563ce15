// Through the adapter: disassemble around a frame's
// instructionPointerReference — exactly instructionCount rows, the row at
// the pc being the instruction objdump lists there, with its symbol and
// source location.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { objdumpAt } from '../support/objdump';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const program = fixtureBinary('inspect');
const source = fixtureSource('inspect', 'main.c');

test('disassemble around the pc shows the instruction objdump lists, with symbol and line', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program }, [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }]);
    assert.equal(client.capabilities.supportsDisassembleRequest, true);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    const pc = frame.instructionPointerReference;
    assert.ok(pc, 'the frame has an instruction pointer reference');
    const response = (await client.send('disassemble', {
      memoryReference: pc,
      instructionOffset: -4,
      instructionCount: 10,
    })) as DebugProtocol.DisassembleResponse;
    const rows = response.body?.instructions ?? [];
    assert.equal(rows.length, 10);
    for (let index = 1; index < rows.length; index++) {
      assert.ok(BigInt(rows[index].address) > BigInt(rows[index - 1].address), 'rows go forward');
    }
    const atPc = rows[4];
    assert.equal(BigInt(atPc.address), BigInt(pc));
    // objdump numbers a PIE's instructions from its load base: the start of the program's module.
    const modules = (await client.send('modules', {})) as DebugProtocol.ModulesResponse;
    const programModule = modules.body.modules.find((module) => module.path !== undefined && sameFile(module.path, program));
    assert.ok(programModule?.addressRange, 'the program module has an address range');
    const base = BigInt(programModule.addressRange.split('-')[0]);
    const fileAddress = Number(BigInt(pc) - base);
    const expected = objdumpAt(program, fileAddress);
    assert.equal(atPc.instructionBytes, expected.bytes);
    assert.equal(atPc.instruction.split(' ')[0], expected.mnemonic);
    assert.equal(atPc.symbol, `${expected.functionName}+${fileAddress - expected.functionStart}`);
    assert.equal(expected.functionName, 'main');
    assert.ok(atPc.location?.path && sameFile(atPc.location.path, source), JSON.stringify(atPc.location));
    assert.equal(atPc.line, markerLine(source, 'MAIN_TWICE'));
  });
});

test('disassemble of unreadable memory answers with invalid rows', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program }, [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }]);
    const response = (await client.send('disassemble', {
      memoryReference: '0x40',
      instructionOffset: -2,
      instructionCount: 5,
    })) as DebugProtocol.DisassembleResponse;
    const rows = response.body?.instructions ?? [];
    assert.equal(rows.length, 5);
    assert.ok(
      rows.every((row) => row.presentationHint === 'invalid'),
      JSON.stringify(rows),
    );
  });
});
