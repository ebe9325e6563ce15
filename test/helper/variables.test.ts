// Locals with exact values: base types, an enum, a C string, an array, a nested
// struct and a pointer to it, expandable through variable references; the
// locals of outer frames; references that die when the program resumes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { HelperVariable } from '../support/helperTypes';
import { byName, locals, named, runToFirstStop, step, variables } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

async function stopInMainAfterSum(helper: HelperDriver): Promise<number> {
  const { stopped } = await runToFirstStop(helper, {
    program: fixtureBinary('multifile'),
    breakpoints: [{ source: mainSource, lines: [markerLine(mainSource, 'MAIN_FACT')] }],
  });
  return stopped.tid;
}

async function children(helper: HelperDriver, variable: HelperVariable): Promise<Map<string, HelperVariable>> {
  assert.ok(variable.ref > 0, `${variable.name} has children`);
  return byName(await variables(helper, variable.ref));
}

/** An address from a pointer's value text ("0x…") or from a protocol address (number or "0x…" string). */
function parseAddress(text: string | number): bigint {
  if (typeof text === 'number') return BigInt(text);
  const match = /0x[0-9a-f]+/i.exec(text);
  assert.ok(match, `an address in ${JSON.stringify(text)}`);
  return BigInt(match[0]);
}

test('base types, enum and C string locals have exact values', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const vars = await locals(helper, await stopInMainAfterSum(helper));
    const sum = named(vars, 'sum');
    assert.equal(sum.value, '49');
    assert.equal(sum.type, 'int');
    assert.equal(sum.ref, 0, 'an int has no children');
    const ratio = named(vars, 'ratio');
    assert.equal(ratio.value, '2.5');
    assert.equal(ratio.type, 'double');
    assert.match(named(vars, 'shade').value, /COLOR_GREEN/);
    const greeting = named(vars, 'greeting');
    assert.ok(greeting.value.includes('"hello, rewind"'), `C string shown: ${greeting.value}`);
    assert.match(greeting.type ?? '', /char \*/);
  });
});

test('an array expands into its elements, also by pages', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const vars = await locals(helper, await stopInMainAfterSum(helper));
    const numbers = named(vars, 'numbers');
    assert.equal(numbers.type, 'int [5]');
    assert.equal(numbers.indexed, 5);
    assert.ok(numbers.ref > 0);
    const elements = await variables(helper, numbers.ref);
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
    const page = await helper.request<{ variables: HelperVariable[] }>('variables', { ref: numbers.ref, start: 1, count: 2 });
    assert.deepEqual(
      page.variables.map((element) => [element.name, element.value]),
      [
        ['[1]', '7'],
        ['[2]', '19'],
      ],
    );
  });
});

test('a nested struct expands field by field', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const vars = await locals(helper, await stopInMainAfterSum(helper));
    const rect = named(vars, 'rect');
    assert.equal(rect.type, 'struct rectangle');
    assert.equal(rect.named, 3);
    const fields = await children(helper, rect);
    assert.deepEqual([...fields.keys()], ['top_left', 'bottom_right', 'fill']);
    assert.match(named(fields, 'fill').value, /COLOR_RED/);
    const topLeft = await children(helper, named(fields, 'top_left'));
    assert.equal(named(topLeft, 'x').value, '1');
    assert.equal(named(topLeft, 'y').value, '2');
    const bottomRight = await children(helper, named(fields, 'bottom_right'));
    assert.equal(named(bottomRight, 'x').value, '4');
    assert.equal(named(bottomRight, 'y').value, '6');
  });
});

test('a pointer to a struct shows the address of its target and expands to the target', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const vars = await locals(helper, await stopInMainAfterSum(helper));
    const pointer = named(vars, 'rect_ptr');
    assert.match(pointer.type ?? '', /struct rectangle \*/);
    const rect = named(vars, 'rect');
    if (rect.memoryReference !== undefined) {
      assert.equal(parseAddress(pointer.value), parseAddress(rect.memoryReference), 'rect_ptr points at rect');
    }
    // Either the pointer's children are the struct's fields, or one child (*rect_ptr) holds them.
    let target = await children(helper, pointer);
    if (!target.has('top_left') && target.size === 1) target = await children(helper, [...target.values()][0]);
    const topLeft = await children(helper, named(target, 'top_left'));
    assert.equal(named(topLeft, 'x').value, '1');
    assert.match(named(target, 'fill').value, /COLOR_RED/);
  });
});

test('each frame of a recursion shows its own argument value', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('multifile'),
      breakpoints: [{ source: mathSource, lines: [markerLine(mathSource, 'FACT_BASE')] }],
    });
    for (const [frame, n] of [
      [0, '1'],
      [1, '2'],
      [2, '3'],
      [3, '4'],
    ] as const) {
      assert.equal(named(await locals(helper, stopped.tid, frame), 'n').value, n, `n in frame ${frame}`);
    }
    const mainLocals = await locals(helper, stopped.tid, 4);
    assert.equal(named(mainLocals, 'sum').value, '49', 'main is frame 4 and its locals are readable');
  });
});

test('a variables reference dies when the program resumes', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopInMainAfterSum(helper);
    const numbers = named(await locals(helper, tid), 'numbers');
    await step(helper, 'next', tid);
    const stale = await helper.send('variables', { ref: numbers.ref });
    assert.equal(stale.ok, false);
    assert.equal(stale.error?.code, 'NoSuchReference');
    assert.equal(named(await locals(helper, tid), 'sum').value, '49', 'fresh references work');
  });
});
