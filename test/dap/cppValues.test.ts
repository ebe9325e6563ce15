// Through the adapter: C++ values with exact texts and types — a class with
// a base class (the base as a child named by its type, with a cast as its
// evaluateName), references (shown as what they refer to, with its
// memory), static data members (in the class's children and the Globals
// scope), namespaces, a class template, and `this` inside a method (its
// members, its base's members and statics reached without `this->`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { addressIn, childrenOf, namesAndValues, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

test('a class with a base class shows the base as a child named by its type', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const rect = named(await scopeVariables(client, frameId, 'Locals'), 'rect');
    assert.equal(rect.value, '{geo::Shape={id=5}, width=3, height=4}');
    assert.equal(rect.type, 'geo::Rect');
    const fields = await client.variables(rect.variablesReference);
    assert.deepEqual(namesAndValues(fields), [
      ['geo::Shape', '{id=5}'],
      ['width', '3'],
      ['height', '4'],
    ]);
    const base = fields[0];
    assert.equal(base.type, 'geo::Shape');
    assert.equal(base.evaluateName, '(geo::Shape)rect');
    assert.equal(await valueOf(client, frameId, base.evaluateName ?? ''), '{id=5}');
    // The base's own children: the vtable pointer, its member and its static member.
    const baseFields = await childrenOf(client, base);
    assert.deepEqual([...baseFields.keys()], ['_vptr.Shape', 'id', 'created']);
    assert.equal(named(baseFields, 'id').value, '5');
    assert.equal(named(baseFields, 'created').value, '1');
    assert.equal(named(baseFields, 'created').evaluateName, 'geo::Shape::created');
  });
});

test('references show what they refer to, at its address', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const numberRef = named(locals, 'number_ref');
    assert.equal(numberRef.value, '42');
    assert.equal(numberRef.type, 'int &');
    assert.equal(numberRef.memoryReference, named(locals, 'number').memoryReference);
    const shape = named(locals, 'shape');
    assert.equal(shape.value, '{id=5}');
    assert.equal(shape.type, 'geo::Shape &');
    assert.equal(shape.memoryReference, named(locals, 'rect').memoryReference, 'shape refers to rect');
    assert.equal(named(await childrenOf(client, shape), 'id').value, '5');
    assert.equal(await valueOf(client, frameId, 'number_ref + 1'), '43');
    assert.equal(await valueOf(client, frameId, 'shape.id'), '5');
  });
});

test('static members and namespace globals are in the Globals scope and evaluate by qualified name', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const globals = await scopeVariables(client, frameId, 'Globals');
    assert.deepEqual(
      [...globals.values()].map((variable) => [variable.name, variable.value, variable.type]),
      [
        ['geo::Shape::created', '1', 'int'],
        ['geo::detail::counter', '7', 'int'],
        ['global_total', '99', 'int'],
      ],
    );
    assert.equal(await valueOf(client, frameId, 'geo::Shape::created'), '1');
    assert.equal(await valueOf(client, frameId, 'geo::detail::counter'), '7');
    assert.equal(await valueOf(client, frameId, '::global_total'), '99');
  });
});

test('a class template instance names its arguments and shows its members', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const locals = await scopeVariables(client, frameId, 'Locals');
    const buffer = named(locals, 'buffer');
    assert.equal(buffer.value, '{items={7, 8, 9}, used=2}');
    assert.equal(buffer.type, 'geo::Buffer<int, 3>');
    const items = named(await childrenOf(client, buffer), 'items');
    assert.equal(items.type, 'int [3]');
    assert.deepEqual(namesAndValues(await client.variables(items.variablesReference)), [
      ['[0]', '7'],
      ['[1]', '8'],
      ['[2]', '9'],
    ]);
    assert.equal(await valueOf(client, frameId, 'sizeof(geo::Buffer<int, 3>)'), '16');
    const origin = named(locals, 'origin');
    assert.equal(origin.type, 'geo::Point');
    assert.equal(named(locals, 'origin_ptr').type, 'geo::Point *');
    assert.equal(await valueOf(client, frameId, 'origin_ptr->y'), '2');
  });
});

test('inside a method `this` expands to the object, and its members need no `this->`', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, threadId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'RECT_AREA');
    const locals = await scopeVariables(client, frameId, 'Locals');
    assert.deepEqual([...locals.keys()], ['this', 'result']);
    const self = named(locals, 'this');
    assert.equal(self.type, 'const geo::Rect *const');
    assert.match(self.value, /^0x[0-9a-f]+$/);
    const object = named(await childrenOf(client, self), '*this');
    assert.equal(object.value, '{geo::Shape={id=5}, width=3, height=4}');
    assert.equal(object.type, 'const geo::Rect');
    assert.equal(named(locals, 'result').value, '12');
    // Members of the class, of its base, and the base's static member.
    assert.equal(await valueOf(client, frameId, 'width'), '3');
    assert.equal(await valueOf(client, frameId, 'this->height'), '4');
    assert.equal(await valueOf(client, frameId, 'id'), '5');
    assert.equal(await valueOf(client, frameId, 'created'), '1');
    assert.equal(await valueOf(client, frameId, 'width * height == result'), 'true', 'a C++ comparison is a bool, as gdb shows it');
    // `this` is the address of main's rect.
    const frames = await client.frames(threadId, 2);
    assert.match(frames[1].name, /^main\b/);
    assert.equal(addressIn(await valueOf(client, frames[1].id, '&rect')), addressIn(self.value));
  });
});
