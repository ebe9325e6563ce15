// Through the adapter: the Registers scope with its groups, frame 0's rip at
// the frame's instructionPointerReference, a double in xmm0, and `$rip` in
// the debug console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('inspect', 'main.c');

async function registerGroups(client: RewindDebugClient, frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
  const scopes = (await client.scopesRequest({ frameId })).body.scopes;
  const registers = scopes.find((scope) => scope.name === 'Registers');
  assert.ok(registers, `a Registers scope among ${scopes.map((scope) => scope.name).join(', ')}`);
  assert.equal(registers.expensive, false);
  assert.equal(registers.presentationHint, 'registers');
  return byName(await client.variables(registers.variablesReference));
}

test('frame 0 registers match the stop: rip, xmm0 and $rip', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('inspect') }, [{ source, lines: [markerLine(source, 'MAIN_TWICE')] }]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.ok(frame.instructionPointerReference, 'the frame has an instruction pointer reference');
    const groups = await registerGroups(client, frame.id);
    assert.deepEqual([...groups.keys()], ['General', 'Vector (SSE/AVX)', 'x87']);
    const general = byName(await client.variables(named(groups, 'General').variablesReference));
    assert.equal(BigInt(named(general, 'rip').value), BigInt(frame.instructionPointerReference));
    assert.match(named(general, 'eflags').value, /^0x[0-9a-f]+ \[ (?:[A-Z]+ )*\]$/);
    const vector = byName(await client.variables(named(groups, 'Vector (SSE/AVX)').variablesReference));
    const lanes = byName(await client.variables(named(vector, 'xmm0').variablesReference));
    assert.match(named(lanes, 'v2_double').value, /^\{2\.5, /);
    const rip = await client.evaluateRequest({ expression: '$rip', frameId: frame.id, context: 'repl' });
    assert.equal(BigInt(rip.body.result.split(' ')[0]), BigInt(frame.instructionPointerReference));
  });
});
