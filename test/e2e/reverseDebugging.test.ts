// End-to-end: a person finds the bug of examples/c/average.c by going
// backwards in a real VS Code. A launch configuration records from main;
// they stop on `return mean;`, click Step Back, click Reverse to go back to
// a breakpoint in the loop (where `total` is still short of the last
// score), continue forward inside the history to its end, step on live, and
// use Rewind's own Reverse Step Into and Reverse Step Out buttons. The stopped line follows every
// click, and the status bar shows the history position. Screenshots of
// every step land in test-artifacts/e2e/step-back-and-reverse-.../.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../support/processes';
import { withVsCode } from './support/vsCodeSession';
import { stopRecordedAverageOnReturn } from './support/recordedAverage';

const e2eTimeoutMs = 5 * 60_000;

test('step back and reverse in a recording: Step Back, Reverse, Reverse Step Into, Reverse Step Out', { timeout: e2eTimeoutMs }, async () => {
  await withVsCode('step back and reverse', {}, async (context) => {
    const { workbench } = context;
    const { line } = await stopRecordedAverageOnReturn(context);
    const loopLine = line('total += values[i];');
    const forLine = line('for (int i = 1; i < count; i++)');
    const meanLine = line('double mean = (double)total / count;');
    const returnLine = line('return mean;');
    const callLine = line('double result = average(scores, count);');
    const printLine = line('printf("average of');

    await workbench.snap('recording, stopped on return mean');
    assert.equal(await workbench.isDebugButtonShown('Step Back'), true, 'a recording shows Step Back');

    await workbench.clickDebugButton('Step Back');
    assert.equal(await workbench.waitForStoppedLine(meanLine, 30_000), meanLine, 'Step Back goes to the line before');
    await workbench.waitForStatusBarText(/Rewind: history \d/);
    await workbench.snap('after Step Back');
    await workbench.clickDebugButton('Step Back');
    assert.equal(await workbench.waitForStoppedLine(forLine, 30_000), forLine, 'and again: the loop condition that ended the loop');

    // Back to the last pass through the loop body: 85 + 77 added, 62 not yet.
    await workbench.clickGutter(loopLine);
    await workbench.waitForBreakpointGlyph(loopLine);
    await workbench.clickDebugButton('Reverse');
    assert.equal(await workbench.waitForStoppedLine(loopLine, 30_000), loopLine, 'Reverse runs back to the loop breakpoint');
    await workbench.expandScope('Locals');
    const rows = await workbench.variablesRows((found) => found.some((row) => /^total\s*[:=]?\s*162\b/.test(row)));
    await workbench.snap('Reverse to the loop breakpoint');
    assert.ok(
      rows.some((row) => /^i\s*[:=]?\s*3\b/.test(row)),
      `i = 3 there; rows: ${JSON.stringify(rows)}`,
    );

    // Forward inside the history: the next hit is the breakpoint on return mean.
    await workbench.clickDebugButton('Continue');
    assert.equal(await workbench.waitForStoppedLine(returnLine, 30_000), returnLine, 'Continue replays forward to the next breakpoint');

    // Live again from the end of the history: out of average() to the printf.
    await workbench.clickDebugButton('Step Over');
    assert.equal(await workbench.waitForStoppedLine(returnLine + 1, 30_000), returnLine + 1);
    // Off the end of average() a step finishes the caller's line (as gdb):
    // the next stop is the printf, not the rest of the call's line.
    await workbench.clickDebugButton('Step Over');
    assert.equal(await workbench.waitForStoppedLine(printLine, 30_000), printLine, 'stepping live records on');

    await workbench.clickDebugButton('Reverse Step Into');
    // The last line average() ran is its closing brace, right after `return mean;`.
    assert.equal(await workbench.waitForStoppedLine(returnLine + 1, 30_000), returnLine + 1, 'Reverse Step Into enters average at its end');
    // The Call Stack and the Variables view show this stop, not the loop's
    // (all three scores added): the client learnt that the program moved.
    const position = (await workbench.waitForStatusBarText(/Rewind: history /)).match(/history ([\d,]+\/[\d,]+)/)?.[1];
    await until(`the Call Stack to say "history ${position}"`, async () =>
      (await workbench.callStackState()).includes(`history ${position}`) ? true : undefined,
    );
    await workbench.expandScope('Locals');
    await workbench.variablesRows((found) => found.some((row) => /^total\s*[:=]?\s*224\b/.test(row)));
    await workbench.snap('after Reverse Step Into');

    await workbench.clickDebugButton('Reverse Step Out');
    assert.equal(await workbench.waitForStoppedLine(callLine, 30_000), callLine, 'Reverse Step Out returns to the call in main');
    await workbench.snap('after Reverse Step Out');

    await workbench.clickDebugButton('Stop');
    await workbench.waitForDebugEnd();
  });
});
