// Through the adapter: big things shown a page at a time — a
// 10,000,000-element std::vector whose children are asked for by
// start/count anywhere in its range, a 100,000-deep recursion whose
// stackTrace pages (startFrame/levels) name the right frames with a
// totalFrames that always lets the client ask on, and a scope of 5,000
// globals that is marked expensive and pages like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { childPage, namesAndValues, scopesOf, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const deepSource = fixtureSource('deep', 'main.c');
const depth = 100_000;

test('a 10,000,000-element vector expands at once and pages anywhere', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const big = named(await scopeVariables(client, frameId, 'Locals'), 'big_vector');
    assert.match(big.value, /^size=10000000 \{0, 2, 4, 6, 8, .*, \.\.\.\}$/);
    assert.equal(big.indexedVariables, 10_000_000);
    assert.equal(big.namedVariables, 1);
    assert.deepEqual(
      namesAndValues(await childPage(client, big.variablesReference, { filter: 'named' })).map(([name]) => name),
      ['[raw]'],
    );
    const first = await childPage(client, big.variablesReference, { filter: 'indexed', start: 0, count: 1000 });
    assert.equal(first.length, 1000);
    assert.deepEqual(namesAndValues(first.slice(998)), [
      ['[998]', '1996'],
      ['[999]', '1998'],
    ]);
    const middle = await childPage(client, big.variablesReference, { filter: 'indexed', start: 5_000_000, count: 2 });
    assert.deepEqual(namesAndValues(middle), [
      ['[5000000]', '10000000'],
      ['[5000001]', '10000002'],
    ]);
    const last = await childPage(client, big.variablesReference, { filter: 'indexed', start: 9_999_998, count: 100 });
    assert.deepEqual(
      namesAndValues(last),
      [
        ['[9999998]', '19999996'],
        ['[9999999]', '19999998'],
      ],
      'a page past the end is cut',
    );
    assert.equal(last[1].evaluateName, 'big_vector[9999999]');
    assert.equal(await valueOf(client, frameId, 'big_vector[9999999]'), '19999998');
    // Hex applies to the elements of a page as well.
    const hexPage = await childPage(client, big.variablesReference, { filter: 'indexed', start: 8, count: 1, hex: true });
    assert.deepEqual(namesAndValues(hexPage), [['[8]', '0x10']]);
  });
});

test('a 100,000-deep recursion shows its stack a page at a time', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId } = await stopAtMarker(client, 'deep', 'main.c', 'DEEP_BOTTOM', [String(depth)]);
    const top = (await client.stackTraceRequest({ threadId, startFrame: 0, levels: 20 })).body;
    assert.equal(top.stackFrames.length, 20);
    assert.ok(
      top.stackFrames.every((frame) => /^descend\b/.test(frame.name)),
      top.stackFrames.map((frame) => frame.name).join(', '),
    );
    assert.equal(top.stackFrames[0].line, markerLine(deepSource, 'DEEP_BOTTOM'));
    assert.ok(top.stackFrames.slice(1).every((frame) => frame.line === markerLine(deepSource, 'DEEP_CALL')));
    assert.ok((top.totalFrames ?? 0) > 20, `totalFrames ${top.totalFrames} says there is more to ask for`);

    // Frame k of the stop holds depth == levels - k.
    const middle = (await client.stackTraceRequest({ threadId, startFrame: 50_000, levels: 3 })).body.stackFrames;
    assert.equal(middle.length, 3);
    const depths = [];
    for (const frame of middle) depths.push(named(await client.locals(frame.id), 'depth').value);
    assert.deepEqual(depths, ['50000', '49999', '49998']);

    // The last page ends with main, below the outermost descend(0, …), and says how many frames there are.
    const startFrame = depth - 5;
    const tail = (await client.stackTraceRequest({ threadId, startFrame, levels: 20 })).body;
    const mainIndex = tail.stackFrames.findIndex((frame) => /^main\b/.test(frame.name));
    assert.equal(startFrame + mainIndex, depth + 1, tail.stackFrames.map((frame) => frame.name).join(', '));
    assert.equal(tail.stackFrames[mainIndex].line, markerLine(deepSource, 'DEEP_MAIN'));
    assert.equal(named(await client.locals(tail.stackFrames[mainIndex - 1].id), 'depth').value, '0');
    assert.ok(tail.stackFrames.length < 20);
    assert.equal(tail.totalFrames, startFrame + tail.stackFrames.length);
    assert.equal(new Set(tail.stackFrames.map((frame) => frame.id)).size, tail.stackFrames.length, 'frame ids are distinct');
  });
});

test('a scope of 5,000 globals is expensive and pages; 5,000 locals page too', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'many_values', 'main.c', 'MANY_MAIN');
    const scopes = await scopesOf(client, frameId);
    const globals = scopes.get('Globals');
    const locals = scopes.get('Locals');
    assert.ok(globals && locals);
    assert.equal(globals.expensive, true);
    assert.equal(locals.expensive, false);
    assert.equal(globals.namedVariables, 5000);
    const page = await childPage(client, globals.variablesReference, { start: 4998, count: 10 });
    assert.deepEqual(namesAndValues(page), [
      ['g4998', '4998'],
      ['g4999', '4999'],
    ]);
    const all = await childPage(client, locals.variablesReference, {});
    assert.equal(all.length, locals.namedVariables);
    assert.deepEqual(namesAndValues(all.slice(0, 2)), [
      ['l0000', '10000'],
      ['l0001', '10001'],
    ]);
    assert.deepEqual(namesAndValues(await childPage(client, locals.variablesReference, { start: 4999, count: 1 })), [['l4999', '14999']]);
  });
});
