// Through the adapter: Rust values with exact texts and types — a struct and
// a reference to it, a tuple, Option and Result by variant (also a
// niche-optimized Option<Box<T>>), a user enum with struct, tuple and unit
// variants, a C-like enum, String, &str, Vec and slices (paged like
// arrays), char and bool, a static — and the "[raw]" view of each
// formatted value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { childPage, childrenOf, namesAndValues, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

async function mainLocals(client: RewindDebugClient): Promise<{ frameId: number; locals: Map<string, DebugProtocol.Variable> }> {
  const { frameId } = await stopAtMarker(client, 'rust_types', 'main.rs', 'RUST_MAIN');
  return { frameId, locals: await scopeVariables(client, frameId, 'Locals') };
}

function shown(variable: DebugProtocol.Variable): [string, string | undefined] {
  return [variable.value, variable.type];
}

test('Rust structs, references, tuples, char and bool', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const point = named(locals, 'point');
    assert.deepEqual(shown(point), ['{x=3, y=4}', 'main::Point']);
    assert.deepEqual(namesAndValues(await client.variables(point.variablesReference)), [
      ['x', '3'],
      ['y', '4'],
    ]);
    const pointRef = named(locals, 'point_ref');
    assert.equal(pointRef.type, '&main::Point');
    assert.equal(pointRef.memoryReference, point.memoryReference, 'the reference points at point');
    assert.equal(named(await childrenOf(client, pointRef), '*point_ref').value, '{x=3, y=4}');
    assert.deepEqual(shown(named(locals, 'pair')), ['(1, 2.5)', '(i32, f64)']);
    assert.deepEqual(shown(named(locals, 'letter')), ["82 'R'", 'char']);
    assert.deepEqual(shown(named(locals, 'flag')), ['true', 'bool']);
    assert.deepEqual(shown(named(locals, 'counter')), ['1', 'u64']);
    assert.equal(await valueOf(client, frameId, 'point.x + point.y'), '7');
    assert.equal(await valueOf(client, frameId, 'point_ref.y'), '4');
    assert.equal(await valueOf(client, frameId, 'pair.__1'), '2.5');
  });
});

test('Option and Result show their variant and its payload', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const some = named(locals, 'some');
    assert.deepEqual(shown(some), ['Some(5)', 'core::option::Option<i32>']);
    const payload = named(await childrenOf(client, some), '__0');
    assert.deepEqual([payload.value, payload.evaluateName], ['5', 'some.__0']);
    assert.equal(named(locals, 'none').value, 'None');
    assert.deepEqual([...(await childrenOf(client, named(locals, 'none'))).keys()], ['[raw]']);
    assert.deepEqual(shown(named(locals, 'ok')), ['Ok(7)', 'core::result::Result<i32, alloc::string::String>']);
    const err = named(locals, 'err');
    assert.equal(err.value, 'Err("bad input")');
    assert.equal(named(await childrenOf(client, err), '__0').value, '"bad input"');
    assert.equal(await valueOf(client, frameId, 'some.__0 * 2'), '10');
    // Option<Box<T>> keeps its discriminant in the pointer (null is None).
    assert.match(named(locals, 'boxed').value, /^Some\(0x[0-9a-f]+\)$/);
    assert.equal(named(locals, 'nothing_boxed').value, 'None');
    assert.equal(await valueOf(client, frameId, 'boxed.__0.y'), '2');
    // The raw view shows every variant's layout.
    const raw = named(await childrenOf(client, some), '[raw]');
    assert.deepEqual(
      [...(await childrenOf(client, raw)).keys()].filter((name) => name !== '<discriminant>'),
      ['None', 'Some'],
    );
  });
});

test('user enums show the active variant: struct, tuple, unit and C-like', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const circle = named(locals, 'circle');
    assert.deepEqual(shown(circle), ['Circle{radius=1.5}', 'main::Shape']);
    assert.equal(named(await childrenOf(client, circle), 'radius').value, '1.5');
    assert.equal(named(locals, 'square').value, 'Square(9)');
    assert.equal(named(locals, 'empty').value, 'Empty');
    assert.deepEqual(shown(named(locals, 'level')), ['High', 'main::Level']);
    assert.equal(await valueOf(client, frameId, 'circle.radius * 2'), '3');
    assert.equal(await valueOf(client, frameId, 'square.__0'), '9');
  });
});

test('String, &str, Vec and slices show their contents and page their elements', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const name = named(locals, 'name');
    assert.deepEqual(shown(name), ['"rewind"', 'alloc::string::String']);
    assert.deepEqual(shown(named(locals, 'greeting')), ['"hello"', '&str']);
    const greetingRaw = named(await childrenOf(client, named(locals, 'greeting')), '[raw]');
    assert.deepEqual([...(await childrenOf(client, greetingRaw)).keys()], ['data_ptr', 'length']);
    assert.equal(named(await childrenOf(client, greetingRaw), 'length').value, '5');
    assert.equal(await valueOf(client, frameId, 'name[0]'), '114');
    assert.equal(await valueOf(client, frameId, 'greeting[1]'), '101');

    const numbers = named(locals, 'numbers');
    assert.deepEqual(shown(numbers), ['size=3 {10, 20, 30}', 'alloc::vec::Vec<i32, alloc::alloc::Global>']);
    assert.equal(numbers.indexedVariables, 3);
    const tail = await childPage(client, numbers.variablesReference, { filter: 'indexed', start: 1, count: 2 });
    assert.deepEqual(namesAndValues(tail), [
      ['[1]', '20'],
      ['[2]', '30'],
    ]);
    assert.equal(tail[1].evaluateName, 'numbers[2]');

    const slice = named(locals, 'slice');
    assert.deepEqual(shown(slice), ['size=2 {20, 30}', '&[i32]']);
    assert.deepEqual(namesAndValues(await childPage(client, slice.variablesReference, { filter: 'indexed' })), [
      ['[0]', '20'],
      ['[1]', '30'],
    ]);
    assert.equal(await valueOf(client, frameId, 'slice[1] - slice[0]'), '10');

    const words = named(locals, 'words');
    assert.equal(words.value, 'size=2 {"alpha", "beta"}');
    assert.equal(await valueOf(client, frameId, 'words[1]'), '"beta"');
    const vecRaw = named(await childrenOf(client, numbers), '[raw]');
    assert.deepEqual([...(await childrenOf(client, vecRaw)).keys()], ['buf', 'len']);
  });
});

test('a static is a global of the crate', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await mainLocals(client);
    const globals = await scopeVariables(client, frameId, 'Globals');
    assert.deepEqual(shown(named(globals, 'main::COUNTER')), ['41', 'i32']);
    assert.equal(await valueOf(client, frameId, 'COUNTER + 1'), '42');
  });
});
