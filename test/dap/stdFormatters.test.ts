// Through the adapter: libstdc++ types through their built-in formatters —
// std::string, std::vector, std::map (and std::set), std::unordered_map,
// std::unique_ptr, std::shared_ptr (and std::weak_ptr), std::optional and
// std::array — with exact texts, children and evaluateNames that evaluate
// to the same values, and the "[raw]" child of each that still shows the
// library's own structure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { childPage, childrenOf, errorOf, namesAndValues, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

async function mainLocals(client: RewindDebugClient): Promise<{ frameId: number; locals: Map<string, DebugProtocol.Variable> }> {
  const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
  return { frameId, locals: await scopeVariables(client, frameId, 'Locals') };
}

/** The "[raw]" child of a formatted value: its evaluateName and its own children's names. */
async function rawView(client: RewindDebugClient, variable: DebugProtocol.Variable): Promise<{ raw: DebugProtocol.Variable; members: string[] }> {
  const raw = named(await childrenOf(client, variable), '[raw]');
  assert.equal(raw.evaluateName, `${variable.evaluateName},raw`);
  assert.equal(raw.type, variable.type);
  return { raw, members: [...(await childrenOf(client, raw)).keys()] };
}

test("std::string shows its text; [raw] shows the library's members", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    assert.equal(named(locals, 'short_text').value, '"hi"');
    assert.equal(named(locals, 'short_text').type, 'std::string');
    assert.equal(named(locals, 'long_text').value, '"a string that is longer than fifteen characters"');
    assert.equal(named(locals, 'empty_text').value, '""');
    const { raw, members } = await rawView(client, named(locals, 'short_text'));
    assert.deepEqual(members, ['_M_dataplus', '_M_string_length', '<anonymous>']);
    assert.equal(named(await childrenOf(client, raw), '_M_string_length').value, '2');
    assert.equal(await valueOf(client, frameId, 'long_text[2]'), "115 's'");
    assert.match(await valueOf(client, frameId, 'short_text,raw'), /^\{_M_dataplus=.*_M_string_length=2/);
  });
});

test('std::vector shows its size and elements, paged by index', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const small = named(locals, 'small_vector');
    assert.equal(small.value, 'size=3 {1, 2, 3}');
    assert.equal(small.type, 'std::vector<int, std::allocator<int> >');
    assert.equal(small.indexedVariables, 3);
    assert.equal(small.namedVariables, 1, 'only [raw] is named');
    const elements = await childPage(client, small.variablesReference, { filter: 'indexed' });
    assert.deepEqual(namesAndValues(elements), [
      ['[0]', '1'],
      ['[1]', '2'],
      ['[2]', '3'],
    ]);
    assert.deepEqual(
      elements.map((element) => element.evaluateName),
      ['small_vector[0]', 'small_vector[1]', 'small_vector[2]'],
    );
    assert.deepEqual(
      namesAndValues(await childPage(client, small.variablesReference, { filter: 'named' })).map(([name]) => name),
      ['[raw]'],
    );
    const { members } = await rawView(client, small);
    assert.deepEqual(members, ['std::_Vector_base<int, std::allocator<int> >']);

    const words = named(locals, 'words');
    assert.equal(words.value, 'size=2 {"alpha", "beta"}');
    const second = (await childPage(client, words.variablesReference, { filter: 'indexed', start: 1, count: 1 }))[0];
    assert.deepEqual([second.name, second.value, second.evaluateName], ['[1]', '"beta"', 'words[1]']);
    assert.equal(await valueOf(client, frameId, 'words[1]'), '"beta"');
    assert.equal(named(locals, 'empty_vector').value, 'size=0');
    assert.equal(named(locals, 'empty_vector').indexedVariables, undefined);
  });
});

test('std::map shows entries named by key; std::set its keys in order', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const names = named(locals, 'names');
    assert.equal(names.value, 'size=3 {[1]="one", [2]="two", [3]="three"}');
    assert.equal(names.indexedVariables, 3);
    const entries = await childPage(client, names.variablesReference, { filter: 'indexed' });
    assert.deepEqual(namesAndValues(entries), [
      ['[1]', '"one"'],
      ['[2]', '"two"'],
      ['[3]', '"three"'],
    ]);
    assert.deepEqual(
      entries.map((entry) => entry.evaluateName),
      ['names[1]', 'names[2]', 'names[3]'],
    );
    assert.equal(await valueOf(client, frameId, 'names[3]'), '"three"');
    assert.equal(await errorOf(client, frameId, 'names[4]'), "'names' has no element [4]");
    const { members } = await rawView(client, names);
    assert.deepEqual(members, ['_M_t']);

    // A page deep inside a 1,000-entry map.
    const squares = named(locals, 'squares');
    assert.equal(squares.indexedVariables, 1000);
    const page = await childPage(client, squares.variablesReference, { filter: 'indexed', start: 500, count: 3 });
    assert.deepEqual(namesAndValues(page), [
      ['[500]', '250000'],
      ['[501]', '251001'],
      ['[502]', '252004'],
    ]);
    assert.equal(await valueOf(client, frameId, 'squares[999]'), '998001');

    const primes = named(locals, 'primes');
    assert.equal(primes.value, 'size=4 {2, 3, 5, 7}');
    assert.deepEqual(namesAndValues(await childPage(client, primes.variablesReference, { filter: 'indexed' })), [
      ['[0]', '2'],
      ['[1]', '3'],
      ['[2]', '5'],
      ['[3]', '7'],
    ]);
  });
});

test('std::unordered_map shows entries named by key', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const ages = named(locals, 'ages');
    assert.equal(ages.value, 'size=1 {["ann"]=31}');
    assert.equal(ages.indexedVariables, 1);
    const entry = (await childPage(client, ages.variablesReference, { filter: 'indexed' }))[0];
    assert.deepEqual([entry.name, entry.value, entry.type], ['["ann"]', '31', 'int']);
    assert.equal(await valueOf(client, frameId, entry.evaluateName ?? ''), '31');
    const { members } = await rawView(client, ages);
    assert.deepEqual(members, ['_M_h']);
  });
});

test('std::unique_ptr shows what it owns, or nullptr', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const owned = named(locals, 'owned');
    assert.equal(owned.value, '{x=5, y=6}');
    assert.equal(owned.type, 'std::unique_ptr<geo::Point, std::default_delete<geo::Point> >');
    const pointee = named(await childrenOf(client, owned), '*owned');
    assert.deepEqual([pointee.value, pointee.type, pointee.evaluateName], ['{x=5, y=6}', 'geo::Point', '*owned']);
    assert.equal(await valueOf(client, frameId, 'owned->y'), '6');
    const { members } = await rawView(client, owned);
    assert.deepEqual(members, ['_M_t']);
    assert.equal(named(locals, 'nobody').value, 'nullptr');
    assert.deepEqual([...(await childrenOf(client, named(locals, 'nobody'))).keys()], ['[raw]']);
    assert.equal(await errorOf(client, frameId, '*nobody'), "cannot dereference a null pointer: 'nobody' is an empty unique_ptr");
  });
});

test('std::shared_ptr and std::weak_ptr show the object with its counts', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const shared = named(locals, 'shared');
    assert.equal(shared.value, '{x=7, y=8} (use_count=2, weak_count=1)');
    assert.equal(shared.type, 'std::shared_ptr<geo::Point>');
    const children = await client.variables(shared.variablesReference);
    assert.deepEqual(namesAndValues(children).slice(0, 3), [
      ['*shared', '{x=7, y=8}'],
      ['use_count', '2'],
      ['weak_count', '1'],
    ]);
    assert.equal(children[0].type, 'geo::Point');
    assert.equal(children[3].name, '[raw]');
    assert.equal(named(locals, 'shared_copy').value, '{x=7, y=8} (use_count=2, weak_count=1)');
    const watcher = named(locals, 'watcher');
    assert.equal(watcher.value, '{x=7, y=8} (use_count=2, weak_count=1)');
    assert.equal(watcher.type, 'std::weak_ptr<geo::Point>');
    assert.equal(await valueOf(client, frameId, 'shared->y'), '8');
    assert.equal(await valueOf(client, frameId, '(*watcher).x'), '7');
    const { members } = await rawView(client, shared);
    assert.deepEqual(members, ['std::__shared_ptr<geo::Point, (__gnu_cxx::_Lock_policy)2>']);
  });
});

test('std::optional shows its value, or nullopt', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const maybe = named(locals, 'maybe');
    assert.equal(maybe.value, '17');
    assert.equal(maybe.type, 'std::optional<int>');
    const value = named(await childrenOf(client, maybe), 'value');
    assert.deepEqual([value.value, value.evaluateName], ['17', '*maybe']);
    assert.equal(await valueOf(client, frameId, '*maybe + 1'), '18');
    assert.equal(named(locals, 'nothing').value, 'nullopt');
    assert.equal(await errorOf(client, frameId, '*nothing'), "cannot dereference 'nothing': the optional is empty (nullopt)");
    const { members } = await rawView(client, maybe);
    assert.ok(
      members.some((member) => member.startsWith('std::_Optional_base<int')),
      members.join(', '),
    );
  });
});

test('std::array shows its elements without a size', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, locals } = await mainLocals(client);
    const fixed = named(locals, 'fixed');
    assert.equal(fixed.value, '{4, 3, 2, 1}');
    assert.equal(fixed.type, 'std::array<int, 4>');
    assert.equal(fixed.indexedVariables, 4);
    assert.deepEqual(namesAndValues(await childPage(client, fixed.variablesReference, { filter: 'indexed', start: 2 })), [
      ['[2]', '2'],
      ['[3]', '1'],
    ]);
    assert.equal(await valueOf(client, frameId, 'fixed[0] * 10 + fixed[3]'), '41');
    const { raw, members } = await rawView(client, fixed);
    assert.deepEqual(members, ['_M_elems']);
    assert.equal(raw.value, '{_M_elems={4, 3, 2, 1}}');
    assert.equal(await valueOf(client, frameId, 'fixed,raw'), '{_M_elems={4, 3, 2, 1}}');
  });
});
