// Through the adapter: values print as gdb 13 prints them on the same
// program (the expected texts below are gdb's): an array declared unsized
// and defined later with a size, a const array's type (GCC qualifies both
// the array and its elements), a char array with
// binary bytes, doubles and floats with gdb's digits, C++ booleans and
// scoped enumerations; and a logpoint prints a char pointer as its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const cSource = fixtureSource('printing', 'main.c');
const cppSource = fixtureSource('printing', 'types.cpp');

test('C values: sized definitions, const arrays, binary char arrays, floats', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('printing') }, [{ source: cSource, lines: [markerLine(cSource, 'PRINT_MAIN')] }]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    const evaluate = async (expression: string) => (await client.evaluateRequest({ expression, frameId: frame.id, context: 'watch' })).body;
    // Declared unsized in main.c: the definition (table.c, or later in the
    // file) has the size. (Across files gdb 13 keeps the declaration's
    // `const unsigned char []` and no size; the definition is better.)
    assert.equal((await evaluate('sizeof(class_map)')).result, '5');
    assert.equal((await evaluate('class_map')).type, 'const unsigned char [5]');
    assert.equal((await evaluate('class_map[2]')).result, "3 '\\003'");
    assert.equal((await evaluate('sizeof(code_map)')).result, '6');
    assert.equal((await evaluate('code_map')).type, 'const unsigned char [6]');
    assert.equal((await evaluate('code_map[3]')).result, "7 '\\a'");
    assert.equal((await evaluate('small_table')).type, 'const unsigned char [4]');
    assert.equal((await evaluate('blob')).result, '"a\\000b\\001\\002\\000\\000z"');
    assert.equal((await evaluate('pi')).result, '3.1400000000000001');
    assert.equal((await evaluate('pi_float')).result, '3.1400001');
  });
});

test('a logpoint prints a char pointer as its text', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('printing') }, [], async () => {
      const [breakpoint] = await client.setSourceBreakpoints(cSource, [{ line: markerLine(cSource, 'PRINT_MAIN'), logMessage: 'says {greeting}!' }]);
      assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
    });
    await client.waitFor('exited');
    assert.match(client.outputText('console'), /^says hello!$/m, client.outputText('console'));
  });
});

test('C++ values: booleans and scoped enumerations', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('printing_cpp') }, [
      { source: cppSource, lines: [markerLine(cppSource, 'PRINT_CPP')] },
    ]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    const expected: Array<[string, string]> = [
      ['ready', 'true'],
      ['done', 'false'],
      ['color', 'Color::Green'],
      ['plain', 'PlainB'],
      ['shade', 'paint::Shade::Dark'],
      ['ready == done', 'false'],
      ['1 < 2', 'true'],
    ];
    for (const [expression, value] of expected) assert.equal(await client.evaluateIn(frame.id, expression), value, expression);
  });
});
