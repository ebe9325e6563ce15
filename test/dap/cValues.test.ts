// Through the adapter: every kind of C value in the Variables view with its
// exact text and type — base types, a typedef chain, const/volatile, enums
// by name (and a value no enumerator has), bit-fields, a union, a function
// pointer showing its symbol, two- and three-dimensional arrays, a
// variable-length array, a flexible array member, pointers to pointers, a
// null pointer, and the unit's globals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { addressIn, childPage, childrenOf, descend, namesAndValues, scopesOf, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

function valueAndType(variable: { value: string; type?: string }): [string, string | undefined] {
  return [variable.value, variable.type];
}

test('C base types, a typedef chain and const/volatile show exact values and declared types', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const expected: [string, string, string][] = [
      ['total', '12', 'total_t'],
      ['fixed', '3', 'const int'],
      ['ticks', '1000', 'volatile long int'],
      ['port', '1016', 'const volatile short unsigned int'],
      ['ready', 'true', '_Bool'],
      ['ratio', '0.25', 'float'],
      ['precise', '3.125', 'double'],
      ['letter', "90 'Z'", 'char'],
      ['byte', "200 '\\310'", 'unsigned char'],
      ['big', '-9000000000', 'long long int'],
      ['squares', '14', 'int'],
    ];
    for (const [name, value, type] of expected) {
      assert.deepEqual(valueAndType(named(locals, name)), [value, type], name);
      assert.equal(named(locals, name).variablesReference, 0, `${name} has no children`);
    }
    // The typedef chain total_t → count_t → int: the size and casts go through it.
    assert.equal(await valueOf(client, frameId, 'sizeof(total_t)'), '4');
    assert.equal(await valueOf(client, frameId, '(total_t)3.9'), '3');
  });
});

test('enums show the enumerator, or the number when none has it', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    assert.deepEqual(valueAndType(named(locals, 'shade')), ['GREEN', 'enum color']);
    assert.deepEqual(valueAndType(named(locals, 'odd')), ['7', 'enum color']);
    assert.equal(await valueOf(client, frameId, 'BLUE'), 'BLUE');
    assert.equal(await valueOf(client, frameId, '(int)BLUE'), '6');
    assert.equal(await valueOf(client, frameId, '(enum color)5'), 'GREEN');
  });
});

test('bit-fields read their own bits and a union shows every member over the same bytes', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const bits = named(locals, 'bits');
    assert.deepEqual(valueAndType(bits), ['{ready=1, level=5, delta=-3}', 'struct flags']);
    assert.equal(bits.namedVariables, 3);
    const fields = await client.variables(bits.variablesReference);
    assert.deepEqual(namesAndValues(fields), [
      ['ready', '1'],
      ['level', '5'],
      ['delta', '-3'],
    ]);
    assert.deepEqual(
      fields.map((field) => field.type),
      ['unsigned int', 'unsigned int', 'int'],
    );
    assert.deepEqual(
      fields.map((field) => field.evaluateName),
      ['bits.ready', 'bits.level', 'bits.delta'],
    );
    // A bit-field has no byte address of its own.
    assert.ok(
      fields.every((field) => field.memoryReference === undefined),
      JSON.stringify(fields),
    );

    const num = named(locals, 'num');
    assert.deepEqual(valueAndType(num), ['{i=1065353216, f=1}', 'union number']);
    const members = await childrenOf(client, num);
    assert.equal(named(members, 'i').value, '1065353216');
    assert.equal(named(members, 'f').value, '1');
    assert.equal(named(members, 'i').memoryReference, num.memoryReference);
    assert.equal(named(members, 'f').memoryReference, num.memoryReference);
  });
});

test('a function pointer shows the symbol it points to', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const op = named(await scopeVariables(client, frameId, 'Locals'), 'op');
    assert.match(op.value, /^0x[0-9a-f]+ <add>$/);
    assert.equal(op.type, 'binary_op');
    assert.equal(op.variablesReference, 0);
    // The same address as the function `add` itself.
    assert.equal(addressIn(await valueOf(client, frameId, 'add')), addressIn(op.value));
    assert.equal(await valueOf(client, frameId, 'op == add'), '1');
  });
});

test('multi-dimensional arrays expand one dimension at a time', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const grid = named(locals, 'grid');
    assert.deepEqual(valueAndType(grid), ['{{1, 2, 3}, {4, 5, 6}}', 'int [2][3]']);
    assert.equal(grid.indexedVariables, 2);
    const rows = await client.variables(grid.variablesReference);
    assert.deepEqual(namesAndValues(rows), [
      ['[0]', '{1, 2, 3}'],
      ['[1]', '{4, 5, 6}'],
    ]);
    assert.equal(rows[1].type, 'int [3]');
    assert.equal(rows[1].indexedVariables, 3);
    const lastRow = await client.variables(rows[1].variablesReference);
    assert.deepEqual(namesAndValues(lastRow), [
      ['[0]', '4'],
      ['[1]', '5'],
      ['[2]', '6'],
    ]);
    assert.equal(lastRow[2].evaluateName, 'grid[1][2]');

    const cube = named(locals, 'cube');
    assert.deepEqual(valueAndType(cube), ['{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}', 'int [2][2][2]']);
    const corner = await descend(client, cube, '[1]', '[1]', '[1]');
    assert.equal(corner.value, '8');
    assert.equal(corner.evaluateName, 'cube[1][1][1]');
    assert.equal(await valueOf(client, frameId, 'cube[1][0][1]'), '6');
    // A page of the second dimension.
    const page = await childPage(client, (await descend(client, cube, '[0]')).variablesReference, { start: 1, count: 1 });
    assert.deepEqual(namesAndValues(page), [['[1]', '{3, 4}']]);
  });
});

test('a char array reads as a string and its elements as characters', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const name = named(locals, 'name');
    assert.deepEqual(valueAndType(name), ['"rewind"', 'char [8]']);
    const letters = await childPage(client, name.variablesReference, { filter: 'indexed', start: 5, count: 2 });
    assert.deepEqual(namesAndValues(letters), [
      ['[5]', "100 'd'"],
      ['[6]', "0 '\\0'"],
    ]);
    const message = named(locals, 'message');
    assert.equal(message.type, 'const char *');
    assert.match(message.value, /^0x[0-9a-f]+ "hello"$/);
  });
});

test('a variable-length array has the length it has at run time', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_VLA');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const squares = named(locals, 'squares');
    assert.deepEqual(valueAndType(squares), ['{0, 1, 4, 9}', 'int [4]']);
    assert.equal(squares.indexedVariables, 4);
    assert.deepEqual(namesAndValues(await client.variables(squares.variablesReference)), [
      ['[0]', '0'],
      ['[1]', '1'],
      ['[2]', '4'],
      ['[3]', '9'],
    ]);
    assert.equal(await valueOf(client, frameId, 'sizeof squares'), '16');
  });
});

test('a flexible array member is where its elements start, and indexing reads them', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const packet = named(await scopeVariables(client, frameId, 'Locals'), 'packet');
    assert.equal(packet.type, 'struct packet *');
    const target = await descend(client, packet, '*packet');
    assert.equal(target.type, 'struct packet');
    const fields = await childrenOf(client, target);
    assert.equal(named(fields, 'length').value, '4');
    const data = named(fields, 'data');
    assert.equal(data.type, 'unsigned char []');
    assert.equal(addressIn(data.value), addressIn(packet.value) + 4n, 'data starts after length');
    assert.equal(await valueOf(client, frameId, 'packet->data[0]'), "1 '\\001'");
    assert.equal(await valueOf(client, frameId, 'packet->data[3]'), "4 '\\004'");
  });
});

test('pointers to pointers expand level by level; a null pointer does not expand', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const where = named(locals, 'where');
    assert.deepEqual(valueAndType(where), ['{x=1, y=2}', 'point_t']);
    const pointer = named(locals, 'where_ptr_ptr');
    assert.equal(pointer.type, 'point_t **');
    assert.equal(addressIn(pointer.value), addressIn(await valueOf(client, frameId, '&where_ptr')));
    const middle = await descend(client, pointer, '*where_ptr_ptr');
    assert.equal(middle.type, 'point_t *');
    assert.equal(addressIn(middle.value), addressIn(where.memoryReference));
    const inner = await descend(client, middle, '**where_ptr_ptr');
    assert.deepEqual(valueAndType(inner), ['{x=1, y=2}', 'point_t']);
    assert.equal(named(await childrenOf(client, inner), 'y').value, '2');
    const nullPointer = named(locals, 'null_ptr');
    assert.deepEqual(valueAndType(nullPointer), ['0x0', 'int *']);
    assert.equal(nullPointer.variablesReference, 0);
  });
});

test("the unit's globals are in an expensive Globals scope with exact values", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    const scopes = await scopesOf(client, frameId);
    assert.equal(scopes.get('Locals')?.expensive, false);
    assert.equal(scopes.get('Globals')?.expensive, true);
    const globals = await scopeVariables(client, frameId, 'Globals');
    assert.deepEqual([...globals.keys()], ['counter', 'scale', 'title', 'corner']);
    assert.deepEqual(valueAndType(named(globals, 'counter')), ['100', 'int']);
    assert.deepEqual(valueAndType(named(globals, 'scale')), ['0.5', 'double']);
    assert.equal(named(globals, 'title').type, 'const char *const');
    assert.match(named(globals, 'title').value, /^0x[0-9a-f]+ "types"$/);
    assert.deepEqual(valueAndType(named(globals, 'corner')), ['{x=9, y=10}', 'struct point']);
  });
});
