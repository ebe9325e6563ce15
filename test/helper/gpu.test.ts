// GPU debugging through the helper: the sentence about the machine's GPU
// debug interfaces at launch (this machine has none), and a simulated Intel
// Xe device (verified on the simulator only, not on hardware): a breakpoint
// by line in GPU code armed before the client's kernel runs, the stop
// (gpuStopped), the GPU thread named as Intel's tools name it with its pc
// and source line, its registers, GPU memory, resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver } from '../support/helperDriver';
import type { HelperGpuRegister, HelperGpuThread } from '../support/helperTypes';
import { launchWithBreakpoints } from '../support/helperFlows';
import { expectedAbsenceClauses, gpuKernelAddress, gpuKernelSource, machineHasGpuNodes, xeBreakpointScript, xeSimulatorEnv } from '../support/gpuSimulator';
import { markerLine } from '../support/markers';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

async function consoleLine(helper: HelperDriver, start: string): Promise<string> {
  const event = await helper.waitForEvent('output', (body) => typeof body.text === 'string' && body.text.startsWith(start));
  return event.body.text as string;
}

test('launch says which GPU debug interface the machine offers, and why none here', { timeout: testTimeoutMs }, async () => {
  const environment = { ...process.env };
  delete environment.REWIND_GPU_SIMULATOR;
  const helper = HelperDriver.start({ env: environment });
  try {
    await launchWithBreakpoints(helper, { program: fixtureBinary('spin') });
    const sentence = await consoleLine(helper, 'GPU debugging');
    if (machineHasGpuNodes()) {
      assert.match(sentence, /^GPU debugging( is not available here|: )/);
    } else {
      for (const clause of expectedAbsenceClauses()) assert.ok(sentence.includes(clause), `"${clause}" in: ${sentence}`);
    }
  } finally {
    await helper.dispose();
  }
});

test('simulated Xe: a GPU breakpoint stops a GPU thread with its line, registers and memory', { timeout: testTimeoutMs }, async () => {
  const helper = HelperDriver.start({ env: xeSimulatorEnv(xeBreakpointScript()) });
  try {
    await launchWithBreakpoints(helper, { program: fixtureBinary('spin') });
    assert.match(await consoleLine(helper, 'GPU debugging'), /Intel Xe eudebug on a SIMULATED device/);
    const storeLine = markerLine(gpuKernelSource, 'store');
    const pending = await helper.request<{ breakpoints: Array<{ line: number; verified: boolean }> }>('gpuSetBreakpoints', {
      file: gpuKernelSource,
      lines: [storeLine],
    });
    assert.deepEqual(
      pending.breakpoints.map((b) => [b.line, b.verified]),
      [[storeLine, false]],
      'pending until GPU code loads',
    );
    await helper.request('configurationDone');

    const stopped = await helper.waitForEvent('gpuStopped');
    assert.equal(stopped.body.reason, 'breakpoint');
    const { threads, interface: name } = await helper.request<{ threads: HelperGpuThread[]; interface: string }>('gpuThreads');
    assert.equal(name, 'Intel Xe eudebug');
    assert.equal(threads.length, 1);
    const [thread] = threads;
    assert.equal(thread.id, stopped.body.thread);
    assert.equal(thread.name, 'Intel Xe renderD128 / exec queue 3 (lrc 5) / EU 0.1.3 / thread 2');
    assert.equal(thread.line, storeLine);
    assert.equal(thread.function, 'vector_add');
    assert.ok(thread.file?.endsWith('gpu_kernel/kernel.c'), `file ${thread.file}`);

    const { registers } = await helper.request<{ registers: HelperGpuRegister[] }>('gpuRegisters', {
      thread: thread.id,
    });
    // The simulated SIP saved r<i>.0 = (linear thread index << 8) | i.
    const linear = ((0 * 2 + 1) * 8 + 3) * 8 + 2;
    const r5 = registers.find((r) => r.name === 'r5');
    assert.ok(r5, 'r5 among the registers');
    assert.equal(BigInt(r5.value) & 0xffffffffn, BigInt((linear << 8) | 5));
    assert.ok(registers.some((r) => r.name === 'cr0' && r.group === 'control'));

    const memory = await helper.request<{ data: string; unreadableBytes: number }>('gpuReadMemory', {
      thread: thread.id,
      address: gpuKernelAddress,
      count: 4,
    });
    assert.deepEqual([...Buffer.from(memory.data, 'base64')], [0x7f, 0x45, 0x4c, 0x46], 'the code object ELF at its bind address');
    const edge = await helper.request<{ data: string; unreadableBytes: number }>('gpuReadMemory', {
      thread: thread.id,
      address: 0x200000 - 2,
      count: 6,
    });
    assert.equal(edge.unreadableBytes, 6, 'nothing is bound just below the state save area');

    await helper.request('gpuResume', {});
    const after = await helper.request<{ threads: HelperGpuThread[] }>('gpuThreads');
    assert.deepEqual(after.threads, []);
    const wrong = await helper.send('gpuRegisters', { thread: thread.id });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.error?.code, 'NoSuchThread');
  } finally {
    await helper.dispose();
  }
});
