// GPU threads through the adapter, on a simulated Intel Xe device
// (REWIND_GPU_SIMULATOR, test only — verified on the simulator only, not on
// hardware): a breakpoint by line in GPU code, the stop showing the GPU
// thread, the thread in the Threads view named as Intel's tools name it,
// its frame at the source line, its Registers scope, GPU memory through
// readMemory, and continue; and the Debug Console sentence when the
// machine has no GPU debug interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { expectedAbsenceClauses, gpuKernelSource, machineHasGpuNodes, xeBreakpointScript, xeSimulatorEnv } from '../support/gpuSimulator';
import { markerLine } from '../support/markers';
import { fixtureBinary, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const gpuThreadBase = 0x40000000;

test('a GPU breakpoint stops a GPU thread shown with its line, registers and memory', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const storeLine = markerLine(gpuKernelSource, 'store');
    const [placed] = await client.launchWithBreakpoints({ program: fixtureBinary('spin') }, [{ source: gpuKernelSource, lines: [storeLine] }]);
    assert.equal(placed.length, 1);
    assert.equal(placed[0].verified, false, 'no GPU code yet');
    const stopped = await client.waitForStopped();
    const changed = client.events.history.find((event) => event.event === 'breakpoint');
    assert.ok(changed, 'a breakpoint event when the GPU code with the line loaded');
    assert.equal(changed.body.breakpoint.id, placed[0].id);
    assert.equal(changed.body.breakpoint.verified, true);
    assert.equal(stopped.body.reason, 'breakpoint');
    const threadId = stopped.body.threadId ?? 0;
    assert.ok(threadId > gpuThreadBase, `a GPU thread id (${threadId})`);

    const threads = (await client.threadsRequest()).body.threads;
    const gpu = threads.find((thread) => thread.id === threadId);
    assert.ok(gpu, 'the stopped GPU thread is in the Threads view');
    assert.equal(gpu.name, 'GPU: Intel Xe renderD128 / exec queue 3 (lrc 5) / EU 0.1.3 / thread 2');
    assert.ok(
      threads.some((thread) => thread.id < gpuThreadBase),
      "beside the program's own thread",
    );

    const [frame] = await client.frames(threadId);
    assert.equal(frame.line, storeLine);
    assert.ok(sameFile(frame.source?.path, gpuKernelSource), `frame source ${frame.source?.path}`);
    assert.match(frame.name, /^vector_add \[EU 0\.1\.3 thread 2\]$/);

    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    assert.deepEqual(
      scopes.map((scope) => scope.name),
      ['Registers'],
    );
    const registers = await client.variables(scopes[0].variablesReference);
    const byName = new Map(registers.map((variable) => [variable.name, variable]));
    const pc = byName.get('pc');
    assert.ok(pc?.memoryReference, 'the pc opens GPU memory');
    assert.equal(pc.memoryReference, frame.instructionPointerReference);
    const linear = ((0 * 2 + 1) * 8 + 3) * 8 + 2;
    assert.equal(BigInt(byName.get('r1')?.value ?? '0') & 0xffffffffn, BigInt((linear << 8) | 1));

    // The GPU code at the pc carries the breakpoint bit the helper set (bit 30).
    const memory = (await client.send('readMemory', { memoryReference: pc.memoryReference, count: 4 })) as DebugProtocol.ReadMemoryResponse;
    const word = Buffer.from(memory.body?.data ?? '', 'base64');
    assert.equal(word.length, 4);
    assert.equal((word.readUInt32LE(0) >>> 30) & 1, 1);
    const header = (await client.send('readMemory', {
      memoryReference: `gpu${threadId - gpuThreadBase}:0x10000`,
      count: 4,
    })) as DebugProtocol.ReadMemoryResponse;
    assert.deepEqual([...Buffer.from(header.body?.data ?? '', 'base64')], [0x7f, 0x45, 0x4c, 0x46]);

    await client.continueRequest({ threadId });
    const after = (await client.threadsRequest()).body.threads;
    assert.ok(!after.some((thread) => thread.id >= gpuThreadBase), 'the GPU thread ran on');
  }, xeSimulatorEnv(xeBreakpointScript()));
});

test('without a GPU debug interface the Debug Console says why', { timeout: testTimeoutMs }, async () => {
  const environment = { ...process.env };
  delete environment.REWIND_GPU_SIMULATOR;
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('spin') }, []);
    await client.waitForOutput('console', 'GPU debugging');
    const lines: string[] = [];
    for (const event of client.events.history) {
      if (event.event === 'output' && typeof event.body?.output === 'string') lines.push(event.body.output);
    }
    const sentence = lines.find((line) => line.startsWith('GPU debugging')) ?? '';
    if (machineHasGpuNodes()) assert.match(sentence, /^GPU debugging/);
    else for (const clause of expectedAbsenceClauses()) assert.ok(sentence.includes(clause), `"${clause}" in: ${sentence}`);
  }, environment);
});
