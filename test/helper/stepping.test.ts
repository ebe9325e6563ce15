// Stepping lands on the right lines: next over a call, stepIn into a function
// of another file, stepIn over libc (no line info), stepOut back to the call
// line, and the recursion cases where frames must be told apart by CFA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { continueToStop, locals, named, runToFirstStop, setBreakpoints, stackFrames, step } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');
const textSource = fixtureSource('multifile', 'text_ops.c');

async function stopAt(helper: HelperDriver, source: string, marker: string): Promise<number> {
  const { stopped } = await runToFirstStop(helper, {
    program: fixtureBinary('multifile'),
    breakpoints: [{ source, lines: [markerLine(source, marker)] }],
  });
  return stopped.tid;
}

test('next runs a call to its end and stops on the next line of the same function', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mainSource, 'MAIN_SUM');
    const { stopped, frame } = await step(helper, 'next', tid);
    assert.equal(stopped.reason, 'step');
    assert.equal(frame.function, 'main');
    assert.equal(frame.line, markerLine(mainSource, 'MAIN_FACT'));
  });
});

test('stepIn enters the called function; stepOut returns to the call line', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mainSource, 'MAIN_SUM');
    const into = await step(helper, 'stepIn', tid);
    assert.equal(into.stopped.reason, 'step');
    assert.equal(into.frame.function, 'add');
    assert.equal(into.frame.line, markerLine(mathSource, 'ADD_BODY'));
    assert.ok(sameFile(into.frame.file, mathSource));
    const out = await step(helper, 'stepOut', tid);
    assert.equal(out.stopped.reason, 'step');
    assert.equal(out.frame.function, 'main');
    assert.equal(out.frame.line, markerLine(mainSource, 'MAIN_SUM'));
    const after = await step(helper, 'next', tid);
    assert.equal(after.frame.line, markerLine(mainSource, 'MAIN_FACT'));
    assert.equal(named(await locals(helper, tid), 'sum').value, '49');
  });
});

test('stepIn into a function of another file stops on its first line', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mainSource, 'MAIN_SHOUT');
    const { frame } = await step(helper, 'stepIn', tid);
    assert.equal(frame.function, 'shout_copy');
    assert.equal(frame.line, markerLine(textSource, 'SHOUT_FIRST'));
    assert.ok(sameFile(frame.file, textSource));
  });
});

test('stepIn on a call into libc steps over it', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mainSource, 'MAIN_SORT');
    const { frame } = await step(helper, 'stepIn', tid);
    assert.equal(frame.function, 'main');
    assert.equal(frame.line, markerLine(mainSource, 'MAIN_AFTER_SORT'));
  });
});

test("next at the end of a function finishes the caller's line and stops on its next one, as gdb", { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mathSource, 'ADD_RETURN');
    let frame = (await step(helper, 'next', tid)).frame;
    for (let steps = 1; frame.function === 'add' && steps < 4; steps++) frame = (await step(helper, 'next', tid)).frame;
    assert.equal(frame.function, 'main');
    // gdb 13 on this program: `next` from add's closing brace shows main.c at #MAIN_FACT.
    assert.equal(frame.line, markerLine(mainSource, 'MAIN_FACT'));
  });
});

test('next over the recursive call stays in the same frame of the recursion', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mathSource, 'FACT_RECURSE');
    const depth = (await stackFrames(helper, tid)).length;
    assert.equal(named(await locals(helper, tid), 'n').value, '4');
    await setBreakpoints(helper, mathSource, []); // so the inner calls do not stop
    const { frame } = await step(helper, 'next', tid);
    assert.equal(frame.function, 'factorial');
    assert.equal(frame.line, markerLine(mathSource, 'FACT_RETURN'));
    const vars = await locals(helper, tid);
    assert.equal(named(vars, 'n').value, '4', 'still the outermost factorial frame');
    assert.equal(named(vars, 'below').value, '6');
    assert.equal((await stackFrames(helper, tid)).length, depth);
  });
});

test('stepOut from depth 3 of a recursion lands in depth 2 at the call line', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mathSource, 'FACT_ENTRY');
    assert.equal(named(await locals(helper, tid), 'n').value, '4');
    await continueToStop(helper);
    assert.equal(named(await locals(helper, tid), 'n').value, '3');
    await continueToStop(helper);
    assert.equal(named(await locals(helper, tid), 'n').value, '2', 'depth 3 of the recursion');
    const depth = (await stackFrames(helper, tid)).length;
    await setBreakpoints(helper, mathSource, []);
    const { stopped, frame } = await step(helper, 'stepOut', tid);
    assert.equal(stopped.reason, 'step');
    assert.equal(frame.function, 'factorial');
    assert.equal(frame.line, markerLine(mathSource, 'FACT_RECURSE'));
    assert.equal(named(await locals(helper, tid), 'n').value, '3', 'the caller of factorial(2), not of factorial(1)');
    assert.equal((await stackFrames(helper, tid)).length, depth - 1);
  });
});

test('a breakpoint hit during next stops there with reason breakpoint', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, mainSource, 'MAIN_SUM');
    const [inside] = await setBreakpoints(helper, mathSource, [markerLine(mathSource, 'ADD_BODY')]);
    const { stopped, frame } = await step(helper, 'next', tid);
    assert.equal(stopped.reason, 'breakpoint');
    assert.deepEqual(stopped.hitBreakpointIds, [inside.id]);
    assert.equal(frame.function, 'add');
    assert.equal(frame.line, markerLine(mathSource, 'ADD_BODY'));
  });
});
