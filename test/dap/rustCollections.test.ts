// Through the adapter: Rust's BTreeMap and BTreeSet read from their B-tree
// in key order — one leaf, a root over leaves, two levels of internal
// nodes — with the values rust-gdb (Rust's own gdb printers, gdb 13) shows
// for the same program, children paged from any position, m.len(), m[key]
// and m["key"]; and trait objects (&dyn Trait, Box<dyn Trait>, Rc<dyn
// Trait>, Arc<dyn Trait>) shown as their concrete type and value through
// the vtable, as gdb's `p *shape` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childPage, errorOf, evaluateIn, expectValues, namesAndValues, stopAtMarker, valueOf } from '../support/inspection';
import { byName, named, withDebugClient } from '../support/dapClient';
import { testTimeoutMs } from '../support/timeouts';

test('BTreeMap and BTreeSet: entries in key order at every tree height', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'rust_btree', 'main.rs', 'BTREE_MAIN');
    // rust-gdb: BTreeMap(size=3) = {[1] = "one", [2] = "two", [3] = "three"}
    assert.equal(await valueOf(client, frameId, 'small'), 'size=3 {[1]="one", [2]="two", [3]="three"}');
    // rust-gdb: BTreeSet(size=3) = {"apple", "fig", "pear"}
    assert.equal(await valueOf(client, frameId, 'names'), 'size=3 {"apple", "fig", "pear"}');
    // rust-gdb: BTreeMap(size=0); stock: BTreeMap(size=2) = {["bolt"] = 3, ["nut"] = 5}
    assert.equal(await valueOf(client, frameId, 'empty'), 'size=0');

    // rust-gdb: BTreeMap(size=40) = {[0] = 0, [3] = 1, [6] = 4, …, [117] = 1521} (height 1).
    const medium = await evaluateIn(client, frameId, 'medium');
    assert.ok(medium.ok && medium.variablesReference > 0, 'medium expands');
    const mediumEntries = await childPage(client, medium.variablesReference, { filter: 'indexed', start: 0, count: 40 });
    const expectedMedium = Array.from({ length: 40 }, (_, key) => [`[${key * 3}]`, `${key * key}`]);
    assert.deepEqual(namesAndValues(mediumEntries), expectedMedium);

    // 400 keys inserted from 399 down (height 2): a page from the middle and one at the end.
    const large = await evaluateIn(client, frameId, 'large');
    assert.ok(large.ok && large.variablesReference > 0, 'large expands');
    const middle = await childPage(client, large.variablesReference, { filter: 'indexed', start: 197, count: 4 });
    assert.deepEqual(namesAndValues(middle), [
      ['[197]', '1197'],
      ['[198]', '1198'],
      ['[199]', '1199'],
      ['[200]', '1200'],
    ]);
    const last = await childPage(client, large.variablesReference, { filter: 'indexed', start: 398, count: 10 });
    assert.deepEqual(namesAndValues(last), [
      ['[398]', '1398'],
      ['[399]', '1399'],
    ]);
    const all = await childPage(client, large.variablesReference, { filter: 'indexed', start: 0, count: 400 });
    assert.deepEqual(
      all.map((child) => child.name),
      Array.from({ length: 400 }, (_, key) => `[${key}]`),
    );

    const cases: Array<[string, string]> = [
      ['small.len()', '3'],
      ['medium.len()', '40'],
      ['large.len()', '400'],
      ['names.len()', '3'],
      ['empty.is_empty()', 'true'],
      ['small[2]', '"two"'],
      ['medium[117]', '1521'],
      ['large[250] + 1', '1251'],
      ['stock', 'size=2 {["bolt"]=3, ["nut"]=5}'],
      ['stock["nut"]', '5'],
    ];
    await expectValues(client, frameId, cases);
    assert.match(await errorOf(client, frameId, 'medium[4]'), /has no element \[4\]/);
    assert.match(await errorOf(client, frameId, 'stock["washer"]'), /'stock' has no entry with the key "washer"/);
  });
});

test('trait objects show their concrete type and value through the vtable', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'rust_btree', 'main.rs', 'BTREE_MAIN');
    // gdb 13: p *shape → main::Circle {radius: 2}; p *boxed → main::Square {side: 4, label: "sq"}.
    const cases: Array<[string, string]> = [
      ['shape', 'main::Circle {radius=2}'],
      ['*shape', '{radius=2}'],
      ['(*shape).radius * 2', '4'],
      ['boxed', 'main::Square {side=4, label="sq"}'],
      ['(*boxed).label', '"sq"'],
      ['shapes[0]', 'main::Circle {radius=0.5}'],
      ['shapes[1]', 'main::Square {side=2, label="two"}'],
    ];
    await expectValues(client, frameId, cases);
    const shape = await evaluateIn(client, frameId, 'shape');
    assert.ok(shape.ok);
    assert.equal(shape.type, '&dyn main::Shape');
    const children = await client.variables(shape.variablesReference);
    const held = named(byName(children), '*shape');
    assert.equal(held.type, 'main::Circle');
    assert.deepEqual(namesAndValues(await client.variables(held.variablesReference)), [['radius', '2']]);
  });
});

test('Rc<dyn Trait> and Arc<dyn Trait> show their counts and the concrete value', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'rust_btree', 'main.rs', 'BTREE_MAIN');
    // rust-gdb 13 shows only "Rc(strong=2, weak=1) = {value = dyn main::Shape, …}"
    // and plain gdb the raw pointers; the concrete values are what the
    // program built. Wide is aligned to 32, so it starts 16 bytes after
    // the counts, where its vtable's align entry puts it.
    const cases: Array<[string, string]> = [
      ['shared', 'main::Circle {radius=1.5} (strong=2, weak=1)'],
      ['again', 'main::Circle {radius=1.5} (strong=2, weak=1)'],
      ['atomic', 'main::Square {side=3, label="arc"} (strong=1, weak=0)'],
      ['wide', 'main::Wide {tag=7, big=1099511627776} (strong=1, weak=0)'],
      ['(*shared).radius * 2', '3'],
      ['(*atomic).label', '"arc"'],
      ['(*wide).big', '1099511627776'],
    ];
    await expectValues(client, frameId, cases);
    const atomic = await evaluateIn(client, frameId, 'atomic');
    assert.ok(atomic.ok && atomic.variablesReference > 0, 'atomic expands');
    const children = byName(await client.variables(atomic.variablesReference));
    const held = named(children, '*atomic');
    assert.equal(held.type, 'main::Square');
    assert.deepEqual(namesAndValues(await client.variables(held.variablesReference)), [
      ['side', '3'],
      ['label', '"arc"'],
    ]);
    assert.equal(named(children, 'strong').value, '1');
  });
});
