// End-to-end: the Branch History and Timeline panels in a real VS Code. A
// recording of examples/c/average.c stops on `return mean;`; the person
// opens Branch History from the command palette, finds the call to
// average in the call tree, and clicks "Travel here": the editor's stopped
// line moves to the line the row names and the status bar shows the
// history position the row names. Then they set a breakpoint in the loop,
// open the Timeline, see its three hits marked, and click near its start: the program travels back into main, before the call, and
// the panel and the status bar agree on the position. Screenshots of every
// step land in test-artifacts/e2e/history-panels-.../.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../support/processes';
import { withVsCode } from './support/vsCodeSession';
import { stopRecordedAverageOnReturn } from './support/recordedAverage';

const e2eTimeoutMs = 5 * 60_000;

/** The position in "Rewind: history 1,234/5,678" (the status bar item). */
function historyPosition(text: string): { position: number; size: number } {
  const match = /history ([\d,]+)\s*\/\s*([\d,]+)/.exec(text);
  assert.ok(match, `a history position in ${JSON.stringify(text)}`);
  return { position: Number(match[1].replace(/,/g, '')), size: Number(match[2].replace(/,/g, '')) };
}

test('Branch History and Timeline panels: open them in a recording and click to travel', { timeout: e2eTimeoutMs }, async () => {
  await withVsCode('history panels', {}, async (context) => {
    const { workbench } = context;
    const { line } = await stopRecordedAverageOnReturn(context);
    const loopLine = line('total += values[i];');
    const averageLine = line('static double average(');
    const mainLine = line('int main(void)');
    const callLine = line('double result = average(scores, count);');

    // Branch History: main, and the call to average below it.
    await workbench.runCommand('Rewind: Show Branch History');
    const history = await workbench.webviewFrame('.vlist.view-calls .vlist-row .function');
    const rowOf = (name: string) =>
      history
        .locator('.vlist.view-calls .vlist-row')
        .filter({ has: history.locator('.function', { hasText: new RegExp(`^${name}$`) }) })
        .first();
    const averageRow = rowOf('average');
    await averageRow.waitFor({ timeout: 30_000 });
    await rowOf('main').waitFor({ timeout: 30_000 });
    assert.equal(await averageRow.getAttribute('aria-level'), '2', 'average is nested one level under main');
    assert.equal(await rowOf('main').getAttribute('aria-level'), '1');
    const range = (await averageRow.locator('.range').innerText()).trim();
    const startIndex = Number(/^#([\d,]+)/.exec(range)?.[1].replace(/,/g, ''));
    assert.ok(Number.isInteger(startIndex) && startIndex > 0, `a history range on the row: ${range}`);
    // gcc puts a function's first instructions on its opening brace, the line after the name.
    const rowSource = await averageRow.locator('.source').innerText();
    const firstLine = Number(/^average\.c:(\d+)/.exec(rowSource)?.[1]);
    assert.equal(firstLine, averageLine + 1, `the row names where average starts: ${rowSource}`);
    await workbench.snap('Branch History open on the recording');

    await averageRow.hover();
    await averageRow.locator('button.travel').click();
    assert.equal(await workbench.waitForStoppedLine(firstLine, 30_000), firstLine, 'travelled to the first line of average');
    const afterTravel = historyPosition(await workbench.waitForStatusBarText(/Rewind: history /));
    assert.equal(afterTravel.position, startIndex, 'the status bar shows the position the row names');
    const shown = `history ${afterTravel.position.toLocaleString('en-US')}/${afterTravel.size.toLocaleString('en-US')}`;
    await until(`the Call Stack to say "${shown}"`, async () => ((await workbench.callStackState()).includes(shown) ? true : undefined));
    await workbench.snap('after Travel here on average');

    // Timeline: the loop body's three passes are breakpoint hits in the
    // history; a click near its start goes back into main, before the call.
    await workbench.openFile('c/average.c'); // back to the source editor from the panel
    await workbench.clickGutter(loopLine);
    await workbench.waitForBreakpointGlyph(loopLine);
    await workbench.runCommand('Rewind: Show Timeline');
    const timeline = await workbench.webviewFrame('.timeline');
    const scrubber = timeline.locator('.timeline');
    await scrubber.waitFor({ timeout: 30_000 });
    await timeline.locator('.marker-breakpoint').first().waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal((await timeline.locator('.legend-breakpoint').innerText()).trim(), 'Breakpoint hits: 3', 'i = 1, 2, 3');
    const box = await scrubber.boundingBox();
    assert.ok(box, 'the timeline is on screen');
    await workbench.snap('Timeline open');
    await scrubber.click({ position: { x: Math.max(2, box.width * 0.03), y: box.height / 2 } });
    const early = historyPosition(
      await until('the status bar to leave the position Travel here set', async () => {
        const text = await workbench.waitForStatusBarText(/Rewind: history /);
        return historyPosition(text).position !== startIndex ? text : undefined;
      }),
    );
    assert.ok(early.position < startIndex, `the click travelled before the call (${early.position} < ${startIndex})`);
    await until('the editor to show a stop in main, before the call', async () => {
      const shown = await workbench.stoppedLine();
      return shown !== undefined && shown >= mainLine && shown <= callLine ? shown : undefined;
    });
    const where = `history ${early.position.toLocaleString('en-US')} / ${early.size.toLocaleString('en-US')}`;
    await until(`the Timeline to show "${where}"`, async () => ((await timeline.locator('.where').innerText()).trim() === where ? true : undefined));
    await workbench.expandScope('Locals');
    await workbench.variablesRows((found) => found.some((row) => /^scores\b/.test(row)));
    await workbench.snap('after a click at the start of the Timeline');

    await workbench.clickDebugButton('Stop');
    await workbench.waitForDebugEnd();
  });
});
