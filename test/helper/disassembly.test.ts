// disassemble: exactly instructionCount rows around an address, backward as
// well as forward, each row's bytes and mnemonic as objdump lists them at
// that address, with the symbol+offset and source line; unreadable memory
// gives placeholder rows, not an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { runToFirstStop, stackFrames } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { objdumpAt, objdumpInstructions } from '../support/objdump';
import { fixtureBinary, fixtureSource } from '../support/paths';
import type { HelperInstruction } from '../../adapter/src/helper/protocol';
import { testTimeoutMs } from '../support/timeouts';

const program = fixtureBinary('inspect');
const source = fixtureSource('inspect', 'main.c');

type Row = HelperInstruction;

async function disassemble(helper: HelperDriver, address: number | string, instructionOffset: number, instructionCount: number): Promise<Row[]> {
  const body = await helper.request<{ instructions: Row[] }>('disassemble', { address, instructionOffset, instructionCount });
  assert.equal(body.instructions.length, instructionCount, 'exactly instructionCount rows');
  return body.instructions;
}

/** Stops at #MAIN_TWICE; returns the thread, the pc and the program's load base. */
async function stopInMain(helper: HelperDriver): Promise<{ tid: number; pc: number; base: number }> {
  const { stopped } = await runToFirstStop(helper, { program, breakpoints: [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }] });
  const [frame] = await stackFrames(helper, stopped.tid, 1);
  const pc = Number(frame.pc);
  return { tid: stopped.tid, pc, base: pc - Number(frame.moduleOffset) };
}

/** Each row is the instruction objdump lists at the same place, and the rows follow each other. */
function assertMatchesObjdump(rows: Row[], base: number): void {
  rows.forEach((row, index) => {
    assert.ok(!row.invalid, `row ${index} is an instruction: ${JSON.stringify(row)}`);
    const expected = objdumpAt(program, Number(row.address) - base);
    assert.equal(row.bytes, expected.bytes, `bytes at ${expected.functionName}+${Number(row.address) - base - expected.functionStart}`);
    assert.equal(row.text.split(' ')[0], expected.mnemonic);
    const offset = Number(row.address) - base - expected.functionStart;
    assert.equal(row.symbol, offset === 0 ? expected.functionName : `${expected.functionName}+${offset}`);
    if (index > 0) {
      const previous = rows[index - 1];
      assert.equal(Number(row.address), Number(previous.address) + previous.bytes.split(' ').length, 'rows are consecutive');
    }
  });
}

test('the instructions around the pc are the ones objdump lists, with symbol and line', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { pc, base } = await stopInMain(helper);
    const rows = await disassemble(helper, pc, -5, 12);
    assert.equal(Number(rows[5].address), pc, 'instructionOffset -5 puts the pc at row 5');
    assertMatchesObjdump(rows, base);
    assert.equal(rows[5].file, source);
    assert.equal(rows[5].line, markerLine(source, 'MAIN_TWICE'));
    assert.equal(rows[4].line, markerLine(source, 'MAIN_SCALE'), 'the instruction before belongs to the line before');
    // The breakpoint's 0xCC at the pc is not shown.
    assert.notEqual(rows[5].bytes.slice(0, 2), 'cc');
  });
});

test('walking backward across function starts finds the same boundaries objdump does', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { base } = await stopInMain(helper);
    const all = objdumpInstructions(program);
    const mainStart = all.find((instruction) => instruction.functionName === 'main' && instruction.address === instruction.functionStart);
    assert.ok(mainStart, 'objdump lists main');
    // Twelve rows before main reach back through twice() into scale().
    const rows = await disassemble(helper, base + mainStart.address, -12, 16);
    assert.equal(Number(rows[12].address), base + mainStart.address);
    assert.equal(rows[12].symbol, 'main');
    assertMatchesObjdump(rows, base);
    assert.ok(
      rows.some((row) => row.symbol?.startsWith('twice')),
      'the rows before main include twice',
    );
    // Forward with an instruction offset: the same rows again.
    const forward = await disassemble(helper, Number(rows[0].address), 3, 5);
    assert.deepEqual(
      forward.map((row) => row.address),
      rows.slice(3, 8).map((row) => row.address),
    );
  });
});

test('unreadable memory gives placeholder rows, never fewer rows', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await stopInMain(helper);
    const rows = await disassemble(helper, 0x10, -3, 6);
    assert.ok(
      rows.every((row) => row.invalid === true && row.text === '??'),
      JSON.stringify(rows),
    );
    const addresses = rows.map((row) => Number(row.address));
    assert.deepEqual(
      addresses,
      [...addresses].sort((a, b) => a - b),
      'placeholder rows keep address order',
    );
    assert.equal(new Set(addresses).size, addresses.length, 'placeholder rows have distinct addresses');
  });
});
