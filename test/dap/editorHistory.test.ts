// The adapter's requests for the history language server: scopeDeclarations
// (the variables a frame sees, with their DWARF declaration lines) and
// writeHistory (the history positions of a variable's last writes, newest
// first, and the value each left, without moving the program), codeLines
// (the lines that have code), and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { recordingInfo, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('reverse', 'main.c');
const line = (marker: string): number => markerLine(source, marker);

interface Declarations {
  function?: string;
  file?: string;
  functionLine?: number;
  variables: Array<{ name: string; parameter: boolean; declLine?: number }>;
}

test('scopeDeclarations names the parameters and locals of a frame with their declaration lines', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('reverse') }, [{ source, lines: [line('SQUARE_RETURN')] }]);
    const frames = await client.frames(stopped.body.threadId ?? 0);
    const square = (await client.customRequest('scopeDeclarations', { frameId: frames[0].id })).body as Declarations;
    assert.equal(square.function, 'square');
    assert.equal(square.file, source);
    assert.equal(square.functionLine, line('SQUARE_BODY') - 2);
    assert.deepEqual(square.variables, [
      { name: 'x', parameter: true, declLine: line('SQUARE_BODY') - 2 },
      { name: 'result', parameter: false, declLine: line('SQUARE_BODY') },
    ]);
    const main = (await client.customRequest('scopeDeclarations', { frameId: frames[1].id })).body as Declarations;
    assert.equal(main.function, 'main');
    assert.deepEqual(
      main.variables.find((variable) => variable.name === 'c'),
      { name: 'c', parameter: false, declLine: line('AFTER_SQUARE') },
    );
    assert.equal(
      main.variables.some((variable) => variable.name === 'i'),
      false,
      "the loop's block does not hold the call",
    );
    const stale = await client.sendForResponse('scopeDeclarations', { frameId: 999999 });
    assert.equal(stale.success, false);
    assert.match(stale.message ?? '', /no longer valid/);
  });
});

test('writeHistory lists the last writes newest first without moving, and travelTo goes to one', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    const top = await client.topFrame(threadId);
    const before = await recordingInfo(client);
    const counter = (await client.customRequest('writeHistory', { expression: 'counter', frameId: top.id, count: 3 })).body as {
      position: number;
      writes: Array<{ index: number }>;
    };
    assert.equal(counter.writes.length, 3, 'count caps the list');
    assert.equal(counter.position, before.position);
    assert.ok(counter.writes[0].index > counter.writes[1].index && counter.writes[1].index > counter.writes[2].index, 'newest first');
    assert.equal((await recordingInfo(client)).position, before.position, 'the program did not move');
    const all = (await client.customRequest('writeHistory', { expression: 'counter', frameId: top.id, count: 100 })).body as {
      writes: Array<{ index: number; data?: string }>;
    };
    assert.equal(all.writes.length, 5, 'the loop wrote counter five times');
    const left = all.writes.map((write) => Buffer.from(write.data ?? '', 'base64').readBigInt64LE(0));
    assert.deepEqual(left, [15n, 10n, 6n, 3n, 1n], 'what each write left, newest first');
    // In the past, at the write of 10 (before it runs): the writes before it, and what they left.
    const past = await travel(client, 'travelTo', { index: all.writes[1].index });
    const earlier = (await client.customRequest('writeHistory', { expression: 'counter', frameId: past.frame.id, count: 100 })).body as {
      writes: Array<{ data?: string }>;
    };
    assert.deepEqual(
      earlier.writes.map((write) => Buffer.from(write.data ?? '', 'base64').readBigInt64LE(0)),
      [6n, 3n, 1n],
    );
    const c = (await client.customRequest('writeHistory', { expression: 'c', frameId: past.frame.id })).body as { writes: Array<{ index: number }> };
    assert.equal(c.writes.length, 1);
    const there = await travel(client, 'travelTo', { index: c.writes[0].index });
    assert.equal(there.frame.line, line('AFTER_SQUARE'), 'c = b + 1 wrote c');
    const bad = await client.sendForResponse('writeHistory', { expression: 'counter', frameId: there.frame.id, count: 0 });
    assert.equal(bad.success, false);
    assert.match(bad.message ?? '', /count.*1 to 100/);
  });
});

test('writeHistory without a recording says so', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('reverse') }, [{ source, lines: [line('DONE')] }]);
    const top = await client.topFrame(stopped.body.threadId ?? 0);
    const response = await client.sendForResponse('writeHistory', { expression: 'counter', frameId: top.id });
    assert.equal(response.success, false);
    assert.match(response.message ?? '', /Nothing was recorded/);
  });
});

test("scopeDeclarations of a Rust function names its file with the unit's directory", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const rust = fixtureSource('rust_types', 'main.rs');
    const { stopped } = await client.launchToStop({ program: fixtureBinary('rust_types') }, [{ source: rust, lines: [markerLine(rust, 'RUST_AREA')] }]);
    const top = await client.topFrame(stopped.body.threadId ?? 0);
    const area = (await client.customRequest('scopeDeclarations', { frameId: top.id })).body as Declarations;
    assert.equal(area.file, rust, 'rustc names the file relative to the compilation directory');
    assert.equal(area.function, 'area');
    assert.ok(
      area.variables.some((variable) => variable.parameter && variable.declLine !== undefined),
      JSON.stringify(area.variables),
    );
  });
});

test('codeLines names each line of a file where a statement starts, once, up to endLine', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program: fixtureBinary('reverse') }, [{ source, lines: [line('SQUARE_RETURN')] }]);
    const { lines } = (await client.customRequest('codeLines', { file: source, endLine: 200 })).body as { lines: number[] };
    for (const marker of ['SQUARE_BODY', 'SQUARE_RETURN', 'SQUARE_END', 'DEPTH_TEST', 'MAIN_START', 'LOOP_WRITE', 'PIPE', 'DONE']) {
      assert.ok(lines.includes(line(marker)), `#${marker} (line ${line(marker)}) has code: ${JSON.stringify(lines)}`);
    }
    assert.ok(lines.includes(line('PIPE') + 1), '`return 1;` after the pipe has code, though it never runs');
    assert.ok(!lines.includes(line('SQUARE_BODY') - 3), 'a blank line has none');
    assert.deepEqual(
      lines,
      [...new Set(lines)].sort((a, b) => a - b),
      'ascending, each once',
    );
    const head = (await client.customRequest('codeLines', { file: source, endLine: line('SQUARE_RETURN') })).body as { lines: number[] };
    assert.deepEqual(
      head.lines,
      lines.filter((each) => each <= line('SQUARE_RETURN')),
    );
    const missing = await client.sendForResponse('codeLines', { endLine: 10 });
    assert.equal(missing.success, false);
    assert.match(missing.message ?? '', /needs 'file'/);
  });
});
