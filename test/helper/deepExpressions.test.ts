// Through the helper protocol: expressions nested deeper than the parser's
// limit (thousands of casts, unary minus signs, parentheses, a chain of
// additions) are refused with a BadExpression (the user's mistake, shown to them) that says so, and the helper
// goes on serving the same stopped program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { HelperVariable } from '../support/helperTypes';
import { runToFirstStop } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

/** `((int)((int)(…1…)))`, `count` casts deep. */
function nestedCasts(count: number): string {
  let expression = '1';
  for (let level = 0; level < count; level++) expression = `((int)${expression})`;
  return expression;
}

const tooDeep: Array<[string, string]> = [
  ['7,000 nested casts', nestedCasts(7000)],
  ['10,000 unary minus signs', `${'-'.repeat(10000)}1`],
  ['100,000 parentheses', `${'('.repeat(100000)}1${')'.repeat(100000)}`],
  ['a chain of 10,000 additions', Array(10000).fill('i').join(' + ')],
  ['10,000 nested conditionals', `${'i ? '.repeat(10000)}1${' : 0'.repeat(10000)}`],
];

test('an expression nested too deeply is a BadExpression and the helper keeps serving', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const { stopped } = await runToFirstStop(helper, {
      program: fixtureBinary('loop'),
      args: ['3'],
      breakpoints: [{ source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] }],
    });
    const tid = stopped.tid;
    for (const [what, expression] of tooDeep) {
      const response = await helper.send('evaluate', { expression, tid, frame: 0 });
      assert.equal(response.ok, false, `${what} is refused`);
      assert.equal(response.error?.code, 'BadExpression', what);
      assert.match(response.error?.message ?? '', /nested too deeply \(more than 256 levels/, what);
      assert.ok((response.error?.message.length ?? 0) < 300, `${what}: the message does not echo the input`);
      const alive = await helper.request<HelperVariable>('evaluate', { expression: 'i + 1', tid, frame: 0 });
      assert.equal(alive.value, '1', `after ${what}, the helper still evaluates`);
    }
    // Under the limit still evaluates (a parenthesized cast is two levels).
    const deepButFine = await helper.request<HelperVariable>('evaluate', { expression: nestedCasts(120), tid, frame: 0 });
    assert.equal(deepButFine.value, '1');
    const minus = await helper.request<HelperVariable>('evaluate', { expression: `${'-'.repeat(250)}7`, tid, frame: 0 });
    assert.equal(minus.value, '7');
  });
});
