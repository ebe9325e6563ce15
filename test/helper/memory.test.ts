// readMemory and writeMemory: the bytes of a local array read through its
// memory reference, a write through a pointer's memory reference seen by
// `variables`, and memory that cannot be read or written answered with
// partial results instead of errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, HelperError, withHelper } from '../support/helperDriver';
import { locals, named, runToFirstStop } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { mappingBeforeAGap } from '../support/procMaps';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('inspect', 'main.c');

interface ReadMemoryBody {
  address: number | string;
  data: string;
  unreadableBytes: number;
}

async function stopBeforeTwice(helper: HelperDriver): Promise<{ tid: number; pid: number }> {
  const { stopped, launch } = await runToFirstStop(helper, {
    program: fixtureBinary('inspect'),
    breakpoints: [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }],
  });
  return { tid: stopped.tid, pid: launch.pid };
}

function hex(address: bigint): string {
  return `0x${address.toString(16)}`;
}

test("the bytes at an array's memory reference are its elements", { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { tid } = await stopBeforeTwice(helper);
    const values = named(await locals(helper, tid), 'values');
    assert.ok(values.memoryReference !== undefined, 'an array in memory has a memory reference');
    const read = await helper.request<ReadMemoryBody>('readMemory', { address: values.memoryReference, count: 16 });
    assert.equal(read.unreadableBytes, 0);
    const bytes = Buffer.from(read.data, 'base64');
    assert.equal(bytes.length, 16);
    const elements = [0, 1, 2, 3].map((index) => bytes.readInt32LE(index * 4));
    assert.deepEqual(elements, [11, -22, 0x7fffffff, 0x11223344]);
    // An offset moves the start: the second element alone.
    const second = await helper.request<ReadMemoryBody>('readMemory', { address: values.memoryReference, offset: 4, count: 4 });
    assert.equal(Buffer.from(second.data, 'base64').readInt32LE(0), -22);
    assert.equal(BigInt(second.address), BigInt(values.memoryReference) + 4n);
  });
});

test("a write through a pointer's memory reference changes what it points at", { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { tid } = await stopBeforeTwice(helper);
    const before = await locals(helper, tid);
    const pointer = named(before, 'pointer');
    const target = named(before, 'target');
    assert.equal(target.value, '5');
    assert.ok(pointer.memoryReference !== undefined && target.memoryReference !== undefined);
    assert.equal(BigInt(pointer.memoryReference), BigInt(target.memoryReference), "a pointer's memory reference is what it points at");
    const data = Buffer.alloc(4);
    data.writeInt32LE(-1234);
    const written = await helper.request<{ bytesWritten: number }>('writeMemory', {
      address: pointer.memoryReference,
      data: data.toString('base64'),
    });
    assert.equal(written.bytesWritten, 4);
    assert.equal(named(await locals(helper, tid), 'target').value, '-1234');
  });
});

test('unreadable memory is reported as unreadable bytes, not as an error', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { pid } = await stopBeforeTwice(helper);
    const nothing = await helper.request<ReadMemoryBody>('readMemory', { address: 0, count: 64 });
    assert.equal(nothing.data, '');
    assert.equal(nothing.unreadableBytes, 64);
    // Across the end of a mapping: the readable part, then the rest counted as unreadable.
    const edge = mappingBeforeAGap(pid, /^r/).end;
    const across = await helper.request<ReadMemoryBody>('readMemory', { address: hex(edge - 16n), count: 48 });
    assert.equal(Buffer.from(across.data, 'base64').length, 16);
    assert.equal(across.unreadableBytes, 32);
  });
});

test('a write to unmapped memory fails whole, or stops where memory ends with allowPartial', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { pid } = await stopBeforeTwice(helper);
    const data = Buffer.alloc(32, 0xab).toString('base64');
    const edge = mappingBeforeAGap(pid, /^rw/).end;
    const whole = await helper.send('writeMemory', { address: hex(edge - 16n), data });
    assert.equal(whole.ok, false, 'a write that does not fit is refused');
    assert.equal(whole.error?.code, 'BadRequest');
    assert.match(whole.error?.message ?? '', /not mapped/);
    const untouched = await helper.request<ReadMemoryBody>('readMemory', { address: hex(edge - 16n), count: 16 });
    assert.ok(!Buffer.from(untouched.data, 'base64').every((byte) => byte === 0xab), 'nothing was written');
    const partial = await helper.request<{ bytesWritten: number }>('writeMemory', {
      address: hex(edge - 16n),
      data,
      allowPartial: true,
    });
    assert.equal(partial.bytesWritten, 16);
    const after = await helper.request<ReadMemoryBody>('readMemory', { address: hex(edge - 16n), count: 16 });
    assert.ok(
      Buffer.from(after.data, 'base64').every((byte) => byte === 0xab),
      'the mapped part was written',
    );
  });
});

test('bad memory arguments are refused with BadRequest', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await stopBeforeTwice(helper);
    for (const [command, args] of [
      ['readMemory', { address: 'nowhere', count: 4 }],
      ['readMemory', { address: 4096, count: -1 }],
      ['writeMemory', { address: 4096, data: 'not base64!' }],
    ] as const) {
      await assert.rejects(helper.request(command, args), (error: unknown) => error instanceof HelperError && error.code === 'BadRequest');
    }
  });
});
