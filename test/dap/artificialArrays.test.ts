// Through the adapter: gdb's artificial arrays — `*p@3`, `numbers[2]@4`,
// `points[1]@2`, nested as `numbers[0]@2@3` (3 arrays of 2) — N values of the left side's type from its address on
// (core files: coreFile.test.ts), with gdb's values and type names for the same program, children in the
// watch view, indexing into them, and in the recorded past (they only read
// memory); a count that is not a positive integer and a left side that is
// not in memory are refused with a sentence saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { errorOf, evaluateIn, expectValues, namesAndValues, stopAtMarker, valueOf } from '../support/inspection';
import { recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('artificial', 'main.c');

test('x@n: gdb values and types, children, indexing and the errors', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'artificial', 'main.c', 'AT_ARRAYS');
    // What gdb 13 prints for the same expressions at the same stop.
    const cases: Array<[string, string]> = [
      ['*cursor@3', '{21, 32, 43}'],
      ['numbers[2]@4', '{32, 43, 54, 65}'],
      ['pair[0]@2', '{1.5, -2.25}'],
      ['(*cursor@3)[2]', '43'],
      ['*cursor@2+1', '{21, 32, 43}'],
      ['sizeof(numbers[0]@5)', '20'],
      // Nested artificial arrays, x@m@n: n arrays of m.
      ['*cursor@2@2', '{{21, 32}, {43, 54}}'],
      ['(*cursor@2)@2', '{{21, 32}, {43, 54}}'],
      ['numbers[0]@2@3', '{{10, 21}, {32, 43}, {54, 65}}'],
      ['(numbers[0]@2@3)[1]', '{32, 43}'],
      ['(numbers[0]@2@3)[2][1]', '65'],
      ['sizeof(numbers[0]@2@3)', '24'],
      ['numbers[0]@2@2@2', '{{{10, 21}, {32, 43}}, {{54, 65}, {76, 87}}}'],
      ['pair[0]@1@2', '{{1.5}, {-2.25}}'],
      // gdb writes the members `x = 1`; Rewind's summaries write `x=1` everywhere.
      ['points[0]@1@2', '{{{x=1, y=2}}, {{x=3, y=4}}}'],
      ['numbers@2', '{{10, 21, 32, 43, 54, 65, 76, 87}, {1, 2, 3, 4, 5, 6, 0, 0}}'],
    ];
    await expectValues(client, frameId, cases);

    const structs = await evaluateIn(client, frameId, 'points[1]@2');
    assert.ok(structs.ok, 'points[1]@2 evaluates');
    assert.equal(structs.type, 'struct point [2]');
    assert.ok(structs.variablesReference > 0, 'the array expands');
    const elements = await client.variables(structs.variablesReference);
    assert.deepEqual(
      namesAndValues(elements).map(([name]) => name),
      ['[0]', '[1]'],
    );
    const second = elements[1];
    assert.ok(second.variablesReference > 0, 'an element struct expands');
    assert.deepEqual(namesAndValues(await client.variables(second.variablesReference)), [
      ['x', '5'],
      ['y', '6'],
    ]);
    assert.ok(second.evaluateName, 'an element has an expression of its own');
    assert.equal(await valueOf(client, frameId, `${second.evaluateName}.y`), '6');

    const ints = await evaluateIn(client, frameId, '*cursor@3');
    assert.ok(ints.ok);
    assert.equal(ints.type, 'int [3]');
    assert.deepEqual(namesAndValues(await client.variables(ints.variablesReference)), [
      ['[0]', '21'],
      ['[1]', '32'],
      ['[2]', '43'],
    ]);

    assert.match(await errorOf(client, frameId, '*cursor@0'), /count after '@' must be a positive integer, and '0' is 0/);
    assert.match(await errorOf(client, frameId, '*cursor@-1'), /count after '@' must be a positive integer, and '-1' is -1/);
    assert.match(await errorOf(client, frameId, '*cursor@1.5'), /'1.5' is not an integer/);
    assert.match(await errorOf(client, frameId, 'total@2'), /'total' is not in memory \(it lives in a register\)/);
    assert.match(await errorOf(client, frameId, '*cursor@0@2'), /count after '@' must be a positive integer, and '0' is 0/);

    const nested = await evaluateIn(client, frameId, 'numbers[0]@2@3');
    assert.ok(nested.ok, 'numbers[0]@2@3 evaluates');
    assert.equal(nested.type, 'int [3][2]', "gdb's type for it");
    const rows = await client.variables(nested.variablesReference);
    assert.deepEqual(namesAndValues(rows), [
      ['[0]', '{10, 21}'],
      ['[1]', '{32, 43}'],
      ['[2]', '{54, 65}'],
    ]);
    assert.deepEqual(namesAndValues(await client.variables(rows[2].variablesReference)), [
      ['[0]', '54'],
      ['[1]', '65'],
    ]);
    for (const [expression, type] of [
      ['numbers[0]@2@2@2', 'int [2][2][2]'],
      ['numbers@2', 'int [2][8]'],
    ]) {
      const evaluation = await evaluateIn(client, frameId, expression);
      assert.ok(evaluation.ok, `${expression} evaluates`);
      assert.equal(evaluation.type, type, `gdb's type for ${expression}`);
    }
  });
});

test('x@n in the recorded past shows the values of that moment', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'artificial', source, 'AT_ARRAYS');
    await client.setSourceBreakpoints(source, [{ line: markerLine(source, 'AT_LOOP'), condition: 'i == 3' }]);
    const { frame } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(frame.line, markerLine(source, 'AT_LOOP'));
    // numbers[0..2] have had 0, 1 and 2 added; numbers[3] not yet.
    assert.equal(await valueOf(client, frame.id, 'numbers[0]@4'), '{10, 21, 32, 40}');
    assert.equal(await valueOf(client, frame.id, '*cursor@3'), '{21, 32, 40}');
  });
});
