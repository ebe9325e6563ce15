// Through the adapter: the helper keeps the answers of `evaluate` for the
// stop (EvaluationCache), and a kept answer is never stale — each test
// evaluates an expression (so its answer is kept), changes the value by
// another way (setVariable, setExpression, writeMemory, a register, a
// `next`), and asks again: the new value must come back. The hex format is
// part of the question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { childrenOf, scopesOf, scopeVariables, stopAtMarker, valueOf, writeInt32 } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

async function send<T extends DebugProtocol.Response>(client: RewindDebugClient, command: string, args: object): Promise<T> {
  const response = (await client.sendForResponse(command, args)) as T;
  assert.equal(response.success, true, `${command}: ${response.message}`);
  return response;
}

/** Evaluates twice (the second answer is the kept one) and returns the value. */
async function askedTwice(client: RewindDebugClient, frameId: number, expression: string): Promise<string> {
  const first = await valueOf(client, frameId, expression);
  assert.equal(await valueOf(client, frameId, expression), first, `'${expression}' gives the same answer twice`);
  return first;
}

test('a kept evaluation shows the new value after setVariable, setExpression and writeMemory', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = (await scopesOf(client, frameId)).get('Locals');
    assert.ok(locals);
    assert.equal(await askedTwice(client, frameId, 'total'), '12');
    await send(client, 'setVariable', { variablesReference: locals.variablesReference, name: 'total', value: '40' });
    assert.equal(await valueOf(client, frameId, 'total'), '40');

    assert.equal(await askedTwice(client, frameId, 'where.x'), await valueOf(client, frameId, 'where_ptr->x'));
    await send(client, 'setExpression', { frameId, expression: 'where.x', value: '123' });
    assert.equal(await valueOf(client, frameId, 'where.x'), '123');
    assert.equal(await valueOf(client, frameId, 'where_ptr->x'), '123');

    const pointer = named(await scopeVariables(client, frameId, 'Locals'), 'target_ptr');
    assert.ok(pointer.memoryReference, 'a pointer carries the address it holds');
    const before = await askedTwice(client, frameId, '*target_ptr');
    assert.notEqual(before, '77');
    assert.equal(await writeInt32(client, pointer.memoryReference, 77), 4);
    assert.equal(await valueOf(client, frameId, '*target_ptr'), '77');
  });
});

test('a kept evaluation of a register shows it set; hex and decimal are separate questions', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    await send(client, 'setExpression', { frameId, expression: '$r12', value: '0x1234' });
    assert.equal(await askedTwice(client, frameId, '$r12'), '4660');
    assert.equal(await valueOf(client, frameId, '$r12', true), '0x1234');
    const registers = (await scopesOf(client, frameId)).get('Registers');
    assert.ok(registers);
    const general = named(await childrenOf(client, { name: 'Registers', value: '', variablesReference: registers.variablesReference }), 'General');
    await send(client, 'setVariable', { variablesReference: general.variablesReference, name: 'r12', value: '4096' });
    assert.equal(await valueOf(client, frameId, '$r12'), '4096');
    assert.equal(await valueOf(client, frameId, '$r12', true), '0x1000');
  });
});

test('a kept evaluation shows the new value after the program ran (next)', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'loop', 'main.c', 'LOOP_BODY', ['5']);
    assert.equal(await askedTwice(client, frameId, 'i'), '0');
    await client.setLineBreakpoints((await client.topFrame(threadId)).source?.path ?? '', []);
    // From the loop's body to its `i++`, and back to the body with i = 1.
    for (let step = 0; step < 2; step++) {
      const stopped = client.waitFor('stopped', () => true);
      await client.nextRequest({ threadId });
      await stopped;
    }
    const frame = await client.topFrame(threadId);
    assert.equal(await valueOf(client, frame.id, 'i'), '1');
    assert.equal(await valueOf(client, frame.id, 'total'), '0');
  });
});
