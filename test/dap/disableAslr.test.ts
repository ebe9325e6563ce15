// Through the adapter: `disableASLR` (default true) launches the program
// without address-space randomization, as gdb and lldb do, so a local's
// stack address is the same in two runs; with `disableASLR: false` it moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('inspect', 'main.c');

/** `&target` at MAIN_SCALE in one run of the inspect fixture. */
async function addressOfLocal(disableASLR: boolean | undefined): Promise<string> {
  return withDebugClient(async (client) => {
    const launch = disableASLR === undefined ? { program: fixtureBinary('inspect') } : { program: fixtureBinary('inspect'), disableASLR };
    const { stopped } = await client.launchToStop(launch, [{ source, lines: [markerLine(source, 'MAIN_SCALE')] }]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    const address = await client.evaluateIn(frame.id, '&target');
    assert.match(address, /0x[0-9a-f]+/, address);
    return /0x[0-9a-f]+/.exec(address)?.[0] ?? '';
  });
}

test('by default two runs put a local at the same stack address', { timeout: testTimeoutMs }, async () => {
  const first = await addressOfLocal(undefined);
  const second = await addressOfLocal(undefined);
  assert.equal(second, first);
  assert.equal(await addressOfLocal(true), first, 'disableASLR: true is the default');
});

test('disableASLR false leaves randomization on: the stack moves between runs', { timeout: testTimeoutMs }, async () => {
  const first = await addressOfLocal(false);
  const second = await addressOfLocal(false);
  // The kernel randomizes the stack by more than 20 bits; two equal
  // addresses would mean randomization was off.
  assert.notEqual(second, first);
});
