// Time-travel consistency: while the reverse fixture is recorded from main,
// the test captures every register it can name and a digest of all the
// program's writable memory at each line stepped through (calls, a loop, a
// recursion, system calls on a pipe, a signal handler). Then it travels back
// to each of those history positions, newest first, and forward to the
// live end, and finds every capture exactly again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { type HelperDriver, withHelper } from '../support/helperDriver';
import { runToFirstStop, waitForStopped } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { mappingsOf } from '../support/procMaps';
import { fixtureBinary, fixtureSource } from '../support/paths';

const source = fixtureSource('reverse', 'main.c');
const registers = ['rip', 'rsp', 'rbp', 'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

interface Capture {
  position: number;
  registers: string[];
  memory: string;
}

/** sha256 of every writable mapping's bytes, with each mapping's range. */
function memoryDigest(pid: number): string {
  const hash = crypto.createHash('sha256');
  const file = fs.openSync(`/proc/${pid}/mem`, 'r');
  try {
    for (const mapping of mappingsOf(pid)) {
      if (!mapping.permissions.startsWith('rw') || /\[(vvar|vsyscall)\]/.test(mapping.name)) continue;
      const length = Number(mapping.end - mapping.start);
      const bytes = Buffer.alloc(length);
      const read = fs.readSync(file, bytes, 0, length, Number(mapping.start));
      hash.update(`${mapping.start.toString(16)}-${mapping.end.toString(16)}:${read}:`);
      hash.update(bytes.subarray(0, read));
    }
  } finally {
    fs.closeSync(file);
  }
  return hash.digest('hex');
}

async function capture(helper: HelperDriver, pid: number, tid: number): Promise<Capture> {
  const info = await helper.request<{ position: number }>('recordingInfo', {});
  const values: string[] = [];
  for (const name of registers) {
    values.push((await helper.request<{ value: string }>('evaluate', { tid, frame: 0, expression: `$${name}`, hex: true })).value);
  }
  return { position: info.position, registers: values, memory: memoryDigest(pid) };
}

test('travelling back to recorded positions finds registers and writable memory exactly as they were', { timeout: 120_000 }, async () => {
  await withHelper(async (helper) => {
    const { launch, stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('reverse'),
      record: 'fromMain',
      breakpoints: [{ source, lines: [markerLine(source, 'MAIN_START')] }],
    });
    const tid = stopped.tid;
    const done = markerLine(source, 'DONE');
    const captures: Capture[] = [await capture(helper, launch.pid, tid)];
    for (let steps = 0; steps < 200; steps++) {
      await helper.request('stepIn', { tid });
      await waitForStopped(helper);
      captures.push(await capture(helper, launch.pid, tid));
      const frames = await helper.request<{ frames: Array<{ line?: number }> }>('stackTrace', { tid, startFrame: 0, levels: 1 });
      if (frames.frames[0]?.line === done) break;
    }
    assert.ok(captures.length > 30, `stepped through the program (${captures.length} stops)`);
    const positions = captures.map((each) => each.position);
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'positions grow as the program runs',
    );
    assert.ok(new Set(captures.map((each) => each.memory)).size > 5, 'memory changed along the way');

    for (const expected of [...captures].reverse()) {
      await helper.request('travelTo', { index: expected.position });
      await waitForStopped(helper);
      const found = await capture(helper, launch.pid, tid);
      assert.deepEqual(found.registers, expected.registers, `registers at history position ${expected.position}`);
      assert.equal(found.memory, expected.memory, `writable memory at history position ${expected.position}`);
    }
    const live = captures[captures.length - 1];
    await helper.request('travelTo', { index: live.position });
    await waitForStopped(helper);
    assert.deepEqual(await capture(helper, launch.pid, tid), live, 'back at the live end');
  });
});
