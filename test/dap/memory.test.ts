// Through the adapter: readMemory and writeMemory on the memory references
// that variables carry ("0x…" strings), as VS Code's memory view uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('inspect', 'main.c');

async function stopBeforeTwice(client: RewindDebugClient): Promise<{ frameId: number; threadId: number }> {
  const { stopped } = await client.launchToStop({ program: fixtureBinary('inspect') }, [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }]);
  const threadId = stopped.body.threadId ?? 0;
  return { frameId: (await client.topFrame(threadId)).id, threadId };
}

async function readMemory(client: RewindDebugClient, args: DebugProtocol.ReadMemoryArguments): Promise<DebugProtocol.ReadMemoryResponse> {
  return (await client.send('readMemory', args)) as DebugProtocol.ReadMemoryResponse;
}

test('memory capabilities are announced', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await stopBeforeTwice(client);
    assert.equal(client.capabilities.supportsReadMemoryRequest, true);
    assert.equal(client.capabilities.supportsWriteMemoryRequest, true);
  });
});

test("readMemory at an array's memory reference returns its elements", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopBeforeTwice(client);
    const values = named(await client.locals(frameId), 'values');
    assert.match(values.memoryReference ?? '', /^0x[0-9a-f]+$/, 'memory references are hex strings');
    const response = await readMemory(client, { memoryReference: values.memoryReference ?? '', count: 16 });
    assert.equal(BigInt(response.body?.address ?? '0'), BigInt(values.memoryReference ?? '0'));
    const bytes = Buffer.from(response.body?.data ?? '', 'base64');
    assert.deepEqual(
      [0, 1, 2, 3].map((index) => bytes.readInt32LE(index * 4)),
      [11, -22, 0x7fffffff, 0x11223344],
    );
    assert.equal(response.body?.unreadableBytes ?? 0, 0);
  });
});

test("writeMemory through a pointer's memory reference shows in the variables", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopBeforeTwice(client);
    const pointer = named(await client.locals(frameId), 'pointer');
    assert.ok(pointer.memoryReference, 'a pointer has a memory reference');
    const data = Buffer.alloc(4);
    data.writeInt32LE(4242);
    const response = (await client.send('writeMemory', {
      memoryReference: pointer.memoryReference,
      data: data.toString('base64'),
    })) as DebugProtocol.WriteMemoryResponse;
    assert.equal(response.body?.bytesWritten, 4);
    assert.equal(named(await client.locals(frameId), 'target').value, '4242');
  });
});

test('reading unmapped memory answers with unreadableBytes, not an error', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await stopBeforeTwice(client);
    const response = await readMemory(client, { memoryReference: '0x0', count: 32 });
    assert.equal(response.success, true);
    assert.equal(response.body?.unreadableBytes, 32);
    assert.ok(!response.body?.data, 'no readable bytes');
    const bad = await client.sendForResponse('readMemory', { memoryReference: 'somewhere', count: 4 });
    assert.equal(bad.success, false);
    assert.match(bad.message ?? '', /memoryReference/);
  });
});
