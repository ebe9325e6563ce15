// Through the adapter: changing the program's values — setVariable on a
// local, a global, a struct member, a bit-field, an enum, a char array and a
// register, each read back through variables and evaluate; setExpression
// on assignable expressions; writeMemory through a pointer's memory
// reference with the variable changed after it; the program itself seeing
// a changed value when it runs on; and refusals that say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { childrenOf, readInt32, scopesOf, scopeVariables, stopAtMarker, valueOf, writeInt32 } from '../support/inspection';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

async function setVariable(client: RewindDebugClient, variablesReference: number, name: string, value: string): Promise<DebugProtocol.SetVariableResponse> {
  return (await client.sendForResponse('setVariable', { variablesReference, name, value })) as DebugProtocol.SetVariableResponse;
}

async function setExpression(client: RewindDebugClient, frameId: number, expression: string, value: string): Promise<DebugProtocol.SetExpressionResponse> {
  return (await client.sendForResponse('setExpression', { frameId, expression, value })) as DebugProtocol.SetExpressionResponse;
}

async function localsReference(client: RewindDebugClient, frameId: number, scope = 'Locals'): Promise<number> {
  const found = (await scopesOf(client, frameId)).get(scope);
  assert.ok(found, `a ${scope} scope`);
  return found.variablesReference;
}

test('setVariable on locals and a global, read back', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await localsReference(client, frameId);
    const total = await setVariable(client, locals, 'total', 'total * 3 + 4');
    assert.equal(total.success, true, total.message);
    assert.equal(total.body.value, '40');
    const shade = await setVariable(client, locals, 'shade', 'BLUE');
    assert.equal(shade.body.value, 'BLUE');
    const ratio = await setVariable(client, locals, 'ratio', '0.75');
    assert.equal(ratio.body.value, '0.75');
    const name = await setVariable(client, locals, 'name', '"debug"');
    assert.equal(name.body.value, '"debug"');
    const counter = await setVariable(client, await localsReference(client, frameId, 'Globals'), 'counter', '101');
    assert.equal(counter.body.value, '101');

    const after = await scopeVariables(client, frameId, 'Locals');
    assert.equal(named(after, 'total').value, '40');
    assert.equal(named(after, 'shade').value, 'BLUE');
    assert.equal(named(after, 'ratio').value, '0.75');
    assert.equal(named(after, 'name').value, '"debug"');
    assert.equal(await valueOf(client, frameId, 'total'), '40');
    assert.equal(await valueOf(client, frameId, 'counter'), '101');
  });
});

test('setVariable on a member, a bit-field and an array element', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const where = named(locals, 'where');
    const member = await setVariable(client, where.variablesReference, 'x', 'where.y + 5');
    assert.equal(member.body.value, '7');
    const bits = named(locals, 'bits');
    const level = await setVariable(client, bits.variablesReference, 'level', '3');
    assert.equal(level.body.value, '3');
    const delta = await setVariable(client, bits.variablesReference, 'delta', '-8');
    assert.equal(delta.body.value, '-8');
    const row = named(await childrenOf(client, named(locals, 'grid')), '[0]');
    const element = await setVariable(client, row.variablesReference, '[1]', '-2');
    assert.equal(element.body.value, '-2');

    const after = await scopeVariables(client, frameId, 'Locals');
    assert.equal(named(after, 'where').value, '{x=7, y=2}');
    // The neighbouring bit-fields keep their bits.
    assert.equal(named(after, 'bits').value, '{ready=1, level=3, delta=-8}');
    assert.equal(named(after, 'grid').value, '{{1, -2, 3}, {4, 5, 6}}');
    assert.equal(await valueOf(client, frameId, 'where_ptr->x'), '7');
  });
});

test('setExpression on assignable expressions, read back', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const cases: [string, string, string][] = [
      ['where_ptr->y', '11', '11'],
      ['grid[1][2]', 'grid[1][0] * 10', '40'],
      ['*target_ptr', 'target * 3', '30'],
      ['cube[0][1][0]', '(char)300', '44'],
      ['corner', 'where', '{x=1, y=11}'],
    ];
    for (const [expression, value, expected] of cases) {
      const response = await setExpression(client, frameId, expression, value);
      assert.equal(response.success, true, `${expression} = ${value}: ${response.message}`);
      assert.equal(response.body.value, expected, `${expression} = ${value}`);
      assert.equal(await valueOf(client, frameId, expression), expected, `${expression} reads back`);
    }
    assert.equal(await valueOf(client, frameId, 'where.y'), '11');
    assert.equal(await valueOf(client, frameId, 'target'), '30');
  });
});

test('writeMemory through a pointer changes the variable it points to, and the program sees it', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, threadId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const pointer = named(await scopeVariables(client, frameId, 'Locals'), 'target_ptr');
    assert.ok(pointer.memoryReference, 'a pointer carries the address it holds');
    assert.equal(await writeInt32(client, pointer.memoryReference, 77), 4);
    assert.equal(named(await scopeVariables(client, frameId, 'Locals'), 'target').value, '77');
    assert.equal(await valueOf(client, frameId, '*target_ptr'), '77');
    assert.equal(await readInt32(client, pointer.memoryReference), 77);
    // The program goes on with the new value: it prints target = *target_ptr + 1.
    await client.setLineBreakpoints(fixtureSource('c_types', 'main.c'), []);
    await client.continueRequest({ threadId });
    await client.waitForOutput('stdout', '78 types 9 4 rewind');
  });
});

test('setting a register of the innermost frame', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const response = await setExpression(client, frameId, '$r12', '0x1234');
    assert.equal(response.success, true, response.message);
    assert.equal(await valueOf(client, frameId, '$r12'), '4660');
    const registers = (await scopesOf(client, frameId)).get('Registers');
    assert.ok(registers);
    const general = named(await childrenOf(client, { name: 'Registers', value: '', variablesReference: registers.variablesReference }), 'General');
    const set = await setVariable(client, general.variablesReference, 'r13', '4096');
    assert.equal(set.success, true, set.message);
    assert.equal(await valueOf(client, frameId, '$r13'), '4096');
  });
});

test('refusals say why nothing was changed', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await localsReference(client, frameId);
    const missing = await setVariable(client, locals, 'nonesuch', '1');
    assert.equal(missing.success, false);
    assert.equal(missing.message, "no variable 'nonesuch' here to change");
    const computed = await setExpression(client, frameId, 'total + 1', '5');
    assert.equal(computed.success, false);
    assert.equal(computed.message, "cannot change 'total + 1': it is a computed value, not a variable");
    const tooLong = await setVariable(client, locals, 'name', '"much too long"');
    assert.equal(tooLong.success, false);
    assert.equal(tooLong.message, "cannot change 'name': the string needs 14 bytes and the array has 8");
    const badValue = await setVariable(client, locals, 'total', 'foo');
    assert.equal(badValue.success, false);
    assert.equal(badValue.message, "no symbol 'foo' in this frame");
    const wrongType = await setExpression(client, frameId, 'where', 'total');
    assert.equal(wrongType.success, false);
    assert.equal(wrongType.message, "cannot change 'where': 'total' is a total_t, not a point_t");
    assert.equal(await valueOf(client, frameId, 'total'), '12', 'nothing changed');
    assert.equal(await valueOf(client, frameId, 'name'), '"rewind"');
  });
});
