// Through the adapter: locals with exact values, and expansion of an array, a
// nested struct and a pointer to it, as the Variables view shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');

async function mainLocals(client: RewindDebugClient): Promise<Map<string, DebugProtocol.Variable>> {
  const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [
    { source: mainSource, lines: [markerLine(mainSource, 'MAIN_FACT')] },
  ]);
  const frame = await client.topFrame(stopped.body.threadId ?? 0);
  return client.locals(frame.id);
}

async function children(client: RewindDebugClient, variable: DebugProtocol.Variable): Promise<Map<string, DebugProtocol.Variable>> {
  assert.ok(variable.variablesReference > 0, `${variable.name} is expandable`);
  return byName(await client.variables(variable.variablesReference));
}

test('base types, an enum and a C string show exact values', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const vars = await mainLocals(client);
    assert.equal(named(vars, 'sum').value, '49');
    assert.equal(named(vars, 'sum').variablesReference, 0);
    assert.equal(named(vars, 'ratio').value, '2.5');
    assert.match(named(vars, 'shade').value, /COLOR_GREEN/);
    assert.ok(named(vars, 'greeting').value.includes('"hello, rewind"'), named(vars, 'greeting').value);
  });
});

test('an array expands into its elements', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const numbers = named(await mainLocals(client), 'numbers');
    assert.equal(numbers.indexedVariables, 5);
    const elements = await client.variables(numbers.variablesReference);
    assert.deepEqual(
      elements.map((element) => [element.name, element.value]),
      [
        ['[0]', '42'],
        ['[1]', '7'],
        ['[2]', '19'],
        ['[3]', '3'],
        ['[4]', '25'],
      ],
    );
  });
});

test('a nested struct expands field by field', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const fields = await children(client, named(await mainLocals(client), 'rect'));
    assert.deepEqual([...fields.keys()], ['top_left', 'bottom_right', 'fill']);
    const bottomRight = await children(client, named(fields, 'bottom_right'));
    assert.equal(named(bottomRight, 'x').value, '4');
    assert.equal(named(bottomRight, 'y').value, '6');
    assert.match(named(fields, 'fill').value, /COLOR_RED/);
  });
});

test('a pointer to a struct expands to the struct it points at', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const pointer = named(await mainLocals(client), 'rect_ptr');
    assert.match(pointer.value, /0x[0-9a-f]+/i, 'a pointer shows its address');
    let target = await children(client, pointer);
    if (!target.has('top_left') && target.size === 1) target = await children(client, [...target.values()][0]);
    const topLeft = await children(client, named(target, 'top_left'));
    assert.equal(named(topLeft, 'x').value, '1');
    assert.equal(named(topLeft, 'y').value, '2');
  });
});
