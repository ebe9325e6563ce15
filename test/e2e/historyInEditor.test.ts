// End-to-end: the recorded history in the editor, from Rewind's language
// server (lsp/), in a real VS Code. A recording of examples/c/average.c
// stops on `return mean;`: the editor shows how often each line ran
// (inlay hints "ran N×" / "never ran"). The person clicks Step Back: VS
// Code draws the stopped frame's variables inline — with `debug.inlineValues`
// on "auto" it does so only for a language with an inline value provider,
// which for C is the server. Then they put the cursor on `total` and run
// Show or Focus Hover to see the editor's hover (the server's: the value
// now and its recorded writes), click the write that left 162, and the program travels there: the
// stopped line, the status bar's history position, the Variables view and
// the inline values all show the moment before that write. Screenshots of
// every step land in test-artifacts/e2e/history-in-the-editor/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withVsCode } from './support/vsCodeSession';
import { stopRecordedAverageOnReturn } from './support/recordedAverage';

const e2eTimeoutMs = 5 * 60_000;

test('the recorded history in the editor: execution counts, inline values after a step, a hover link that travels', { timeout: e2eTimeoutMs }, async () => {
  const settings = { 'debug.inlineValues': 'auto', 'editor.inlayHints.enabled': 'on' };
  await withVsCode('history in the editor', { settings }, async (context) => {
    const { workbench } = context;
    const { line } = await stopRecordedAverageOnReturn(context);
    const totalLine = line('int total = 0;');
    const loopLine = line('total += values[i];');
    const meanLine = line('double mean = (double)total / count;');
    const returnLine = line('return mean;');
    const printLine = line('printf("average of');

    // The counts of the recording (from main to here): the loop body ran
    // for i = 1, 2, 3; main's printf has not run yet.
    await workbench.waitForShownLine(loopLine, '"ran 3×"', (shown) => /ran 3×/.test(shown.text), 60_000);
    await workbench.waitForShownLine(totalLine, '"ran 1×"', (shown) => /ran 1×/.test(shown.text));
    await workbench.waitForShownLine(printLine, '"never ran"', (shown) => /never ran/.test(shown.text));
    await workbench.snap('execution counts after the recording');

    // A step back in the history: the inline values are the stopped frame's.
    // The old stop's values (total = 224, mean = 56 on the return line)
    // stay drawn until the editor has asked the server for the new stop's,
    // so the return line is awaited empty first: only then are the values
    // on screen the new stop's.
    await workbench.clickDebugButton('Step Back');
    assert.equal(await workbench.waitForStoppedLine(meanLine, 30_000), meanLine);
    await workbench.waitForShownLine(returnLine, 'nothing inline after the stopped line', (shown) => shown.inlineValues === '', 60_000);
    const onMean = await workbench.waitForShownLine(
      meanLine,
      'total = 224 and count = 4 inline',
      (shown) => /\btotal = 224\b/.test(shown.inlineValues) && /\bcount = 4\b/.test(shown.inlineValues),
      60_000,
    );
    assert.match(onMean.text, /ran 1×/, 'the count stays beside the inline values');
    await workbench.waitForShownLine(totalLine, 'total = 224 inline', (shown) => /\btotal = 224\b/.test(shown.inlineValues));
    const afterStop = await workbench.shownLine(returnLine);
    assert.equal(afterStop?.inlineValues, '', 'still nothing inline after the stopped line');
    await workbench.snap('inline values after Step Back');

    // The editor's hover (the server's), whose write links travel.
    const hover = await workbench.showHover(meanLine, 'total', /Last writes in the recorded history/);
    const hoverText = await hover.innerText();
    assert.match(hoverText, /total\s*=\s*224/, `the value now: ${hoverText}`);
    const writes = hover.locator('li');
    const leftValues = (await writes.allInnerTexts()).map((row) => /→\s*(-?\d+)/.exec(row)?.[1]);
    assert.deepEqual(leftValues, ['224', '162', '85', '0'], 'the writes of total, newest first');
    await workbench.snap('hover over total');
    const link = writes
      .filter({ hasText: /→\s*162\b/ })
      .locator('a')
      .first();
    const linkText = (await link.innerText()).trim();
    const index = Number(/^#([\d,]+)$/.exec(linkText)?.[1].replace(/,/g, ''));
    assert.ok(Number.isInteger(index) && index > 0, `a history position on the link: ${linkText}`);
    await link.click();

    // Just before the write that left 162: the second pass, total still 85.
    assert.equal(await workbench.waitForStoppedLine(loopLine, 30_000), loopLine, 'the link travelled to the write');
    await workbench.waitForStatusBarText(new RegExp(`Rewind: history ${index.toLocaleString('en-US')}\\s*/`));
    await workbench.expandScope('Locals');
    const rows = await workbench.variablesRows((found) => found.some((row) => /^total\s*[:=]?\s*85\b/.test(row)));
    assert.ok(
      rows.some((row) => /^i\s*[:=]?\s*2\b/.test(row)),
      `i = 2 there; rows: ${JSON.stringify(rows)}`,
    );
    await workbench.waitForShownLine(
      loopLine,
      'total = 85 and i = 2 inline',
      (shown) => /\btotal = 85\b/.test(shown.inlineValues) && /\bi = 2\b/.test(shown.inlineValues),
    );
    await workbench.snap('after the hover link travelled');

    await workbench.clickDebugButton('Stop');
    await workbench.waitForDebugEnd();
  });
});
