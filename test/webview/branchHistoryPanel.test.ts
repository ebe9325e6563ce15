// The Branch History panel rendered in headless Chromium from a recorded
// message stream (a real recording of the branchy fixture, answered by the
// extension's host logic): the call tree nests calls as the program made
// them, the stop is followed and highlighted, clicks and keys post the
// right messages, search asks for matches, program strings that are HTML
// and script payloads stay text, the CSP blocks inline script, and a
// 10,000,000-row history scrolls with only a screenful of rows in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallRow, HostMessage, InstructionRow, PageMessage, WebviewRequest } from '../../extension/src/panels/panelMessages';
import { contentSecurityPolicy } from '../../extension/src/panels/webviewDocument';
import { branchySource } from '../helper/branchHistorySupport';
import { until as untilWithin } from '../support/processes';
import { testTimeoutMs } from '../support/timeouts';
import { type PanelPage, withPanel } from './support/panelPage';
import { branchyStream } from './support/recordedStream';

interface VisibleRow {
  row: number;
  level: string | null;
  fn: string;
  source: string;
  classes: string;
  text: string;
}

async function visibleRows(panel: PanelPage): Promise<VisibleRow[]> {
  return panel.page.$$eval('.vlist:not([hidden]) .vlist-row:not([hidden])', (rows) =>
    rows
      .map((row) => ({
        row: Number((row as HTMLElement).dataset.row),
        level: row.getAttribute('aria-level'),
        fn: row.querySelector('.function')?.textContent ?? '',
        source: row.querySelector('.source')?.textContent ?? '',
        classes: row.className,
        text: row.textContent ?? '',
      }))
      .sort((a, b) => a.row - b.row),
  );
}

/** `until` with the panel tests' 5-second limit. */
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => untilWithin(what, probe, 5000);

function callsPage(messages: readonly HostMessage[], query = ''): PageMessage {
  const page = messages.find((m): m is PageMessage => m.type === 'page' && m.view === 'calls' && m.query === query && m.start === 0 && m.atIndex === null);
  assert.ok(page, 'the stream has the first page of calls');
  return page;
}

test('the call tree nests calls as the program made them, and follows the stop', { timeout: testTimeoutMs }, async () => {
  const stream = await branchyStream();
  const segments = callsPage(stream.messages).rows as CallRow[];
  await withPanel('branchHistory', 'call tree nesting', async (panel) => {
    await panel.sendAll(stream.messages);
    // The stop at #DONE: the last segment (main, after payload) is current and in view.
    const current = await until('the current row', async () => (await visibleRows(panel)).find((row) => row.classes.includes(' current')));
    assert.equal(current.row, segments.length - 1);
    assert.equal(current.fn, 'main');
    assert.equal(await panel.page.getAttribute(`.vlist-row[data-row="${current.row}"]`, 'aria-current'), 'true');
    await panel.screenshot('follows the stop');

    await panel.page.focus('.vlist.view-calls');
    await panel.page.keyboard.press('Home');
    const rows = await until('the top of the tree', async () => {
      const shown = await visibleRows(panel);
      return shown[0]?.row === 0 && shown.every((row) => row.fn !== '') ? shown : undefined;
    });
    assert.equal(await panel.page.getAttribute('.vlist.view-calls', 'role'), 'tree');
    assert.equal(rows[0].fn, 'main');
    assert.equal(rows[0].level, '1');
    // Every visible row shows its segment, indented by its depth.
    for (const row of rows) {
      const segment = segments[row.row];
      assert.equal(row.fn, segment.function);
      assert.equal(row.level, String(segment.depth - 0 + 1));
    }
    const chain = rows.filter((row) => row.fn === 'nest(int)' || (row.fn === 'leaf(int)' && Number(row.level) > 2));
    assert.deepEqual(
      chain.map((row) => `${row.fn}@${row.level}`),
      ['nest(int)@2', 'nest(int)@3', 'nest(int)@4', 'nest(int)@5', 'leaf(int)@6', 'nest(int)@5', 'nest(int)@4', 'nest(int)@3', 'nest(int)@2'],
    );
    const indents = await panel.page.$$eval('.vlist:not([hidden]) .vlist-row:not([hidden]) .indent', (spans) =>
      spans.map((span) => (span as HTMLElement).getBoundingClientRect().width),
    );
    assert.ok(Math.max(...indents) > Math.min(...indents), 'deeper rows are drawn further right');
    await panel.screenshot('call tree from the top');
  });
});

test('program strings that are HTML and script payloads show as text', { timeout: testTimeoutMs }, async () => {
  const stream = await branchyStream();
  await withPanel('branchHistory', 'escaping of program strings', async (panel) => {
    await panel.sendAll(stream.messages);
    const payload = '<img src=x onerror=alert(1)><svg onload=alert(2)>.h';
    const row = await until('the payload row', async () => (await visibleRows(panel)).find((shown) => shown.fn === 'payload(int)'));
    assert.equal(row.source, `${payload}:2–4`);
    const title = await panel.page.getAttribute(`.vlist-row[data-row="${row.row}"]`, 'title');
    assert.ok(title?.includes(`/${payload}`), 'the tooltip has the whole path');
    await panel.screenshot('payload file name as text');
    await panel.page.click('button.tab[data-view="instructions"]');
    const instruction = await until('an instruction of payload', async () => (await visibleRows(panel)).find((shown) => shown.fn === 'payload(int)'));
    assert.match(instruction.source, /^<img src=x onerror=alert\(1\)><svg onload=alert\(2\)>\.h:\d+$/);
    await panel.page.click('button.tab[data-view="branches"]');
    await until('a branch into payload', async () => (await visibleRows(panel)).find((shown) => shown.text.includes('payload(int)')));
    await panel.page.click('button.tab[data-view="calls"]');
    await panel.page.focus('.vlist.view-calls');
    await panel.page.keyboard.press('Home');
    const weigh = await until('the template instance', async () => (await visibleRows(panel)).find((shown) => shown.fn.includes('weigh')));
    assert.equal(weigh.fn, 'int weigh<Tag, 3>(Box<Tag>)');
    await panel.screenshot('template name as text');

    // Nothing of it became markup or ran.
    assert.equal(await panel.page.locator('img, svg, iframe, object').count(), 0);
    assert.equal(await panel.page.locator('script').count(), 1, 'only the panel script');
    assert.deepEqual(await panel.alerts(), []);
    assert.deepEqual(await panel.cspViolations(), []);

    // The CSP is the strict one, and it stops inline script.
    const csp = await panel.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, contentSecurityPolicy('file:', panel.nonce));
    assert.match(csp ?? '', /default-src 'none'/);
    assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval|https?:/);
    const ran = await panel.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    assert.equal(ran, false, 'inline script is blocked');
    await until('the CSP report', async () => ((await panel.cspViolations()).some((text) => text.startsWith('script-src')) ? true : undefined));
  });
});

test('clicks and keys post open and travel messages; search asks for matches; stops are followed', { timeout: testTimeoutMs }, async () => {
  const stream = await branchyStream();
  const segments = callsPage(stream.messages).rows as CallRow[];
  const weigh = segments.find((segment) => segment.function.includes('weigh'))!;
  await withPanel('branchHistory', 'clicks, keys, search and follow', async (panel) => {
    await panel.sendAll(stream.messages);
    await panel.page.focus('.vlist.view-calls');
    await panel.page.keyboard.press('Home');
    await until('the weigh row', async () => (await visibleRows(panel)).find((row) => row.row === weigh.ordinal && row.fn !== ''));
    await panel.clearPosted();

    const rowSelector = `.vlist.view-calls .vlist-row[data-row="${weigh.ordinal}"]`;
    await panel.page.click(`${rowSelector} .function`);
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'open', 'open'), { type: 'open', file: branchySource, line: weigh.startLine });
    await panel.page.click(`${rowSelector} button.travel`);
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'travel', 'travel'), { type: 'travel', index: weigh.startIndex });
    await panel.clearPosted();
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('t');
    const next = segments[weigh.ordinal + 1];
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'travel', 'travel by key'), { type: 'travel', index: next.startIndex });
    await panel.page.keyboard.press('Enter');
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'open', 'open by key'), { type: 'open', file: branchySource, line: next.startLine });

    // A stop elsewhere: the panel asks for the rows around it and marks it.
    await panel.clearPosted();
    await panel.send({ type: 'position', position: weigh.startIndex + 2, historySize: stream.position.historySize });
    const focus = (await panel.waitForPosted((m) => m.type === 'focus', 'a focus request')) as Extract<WebviewRequest, { type: 'focus' }>;
    assert.equal(focus.view, 'calls');
    assert.equal(focus.atIndex, weigh.startIndex + 2);
    await panel.send({ ...callsPage(stream.messages), focus: weigh.ordinal, atIndex: weigh.startIndex + 2, position: weigh.startIndex + 2 });
    const marked = await until('the new current row', async () => (await visibleRows(panel)).find((row) => row.classes.includes(' current')));
    assert.equal(marked.row, weigh.ordinal);
    assert.ok(marked.classes.includes('holds-position'));
    await panel.screenshot('follows a stop in weigh');

    // Search: typing asks for matching rows; the answer replaces the list.
    await panel.clearPosted();
    await panel.page.fill('input.search', 'weigh');
    const asked = await panel.waitForPosted((m) => (m.type === 'fetch' || m.type === 'focus') && m.query === 'weigh', 'a search request');
    assert.equal((asked as { view: string }).view, 'calls');
    await panel.send(callsPage(stream.messages, 'weigh'));
    const found = await until('one match', async () => {
      const rows = await visibleRows(panel);
      return rows.length === 1 && rows[0].fn !== '' ? rows : undefined;
    });
    assert.equal(found[0].fn, 'int weigh<Tag, 3>(Box<Tag>)');
    assert.match((await panel.page.textContent('.status')) ?? '', /^1 calls matching “weigh”/);
    await panel.screenshot('search');
  });
});

test('a 10,000,000-instruction history scrolls with only a screenful of rows in the page', { timeout: testTimeoutMs }, async () => {
  const total = 10_000_000;
  const requests: WebviewRequest[] = [];
  const row = (index: number): InstructionRow => ({
    index,
    address: `0x${(0x401000 + (index % 4096) * 4).toString(16)}`,
    tid: 1,
    kind: 'instruction',
    function: `f${index % 13}`,
    file: '/src/big.c',
    line: 1 + (index % 500),
    text: `nop ; ${index}`,
  });
  await withPanel('branchHistory', 'virtualized ten million rows', async (panel) => {
    panel.serve((request) => {
      requests.push(request);
      if (request.type !== 'fetch' && request.type !== 'focus') return [];
      const count = Math.min(request.count, 200);
      const start = request.type === 'fetch' ? request.start : Math.max(0, Math.min(request.atIndex - 100, total - count));
      const rows = Array.from({ length: Math.min(count, total - start) }, (_, k) => row(start + k));
      const isFocus = request.type === 'focus';
      return [
        {
          type: 'page',
          view: request.view,
          query: request.query,
          total,
          start,
          focus: isFocus ? request.atIndex : null,
          atIndex: isFocus ? request.atIndex : null,
          position: total - 1,
          historySize: total,
          source: 'synthetic',
          travelable: true,
          rows,
        },
      ];
    });
    await panel.send({ type: 'state', available: true });
    await panel.page.click('button.tab[data-view="instructions"]');
    await panel.send({ type: 'position', position: total - 1, historySize: total });
    const last = await until('the current (last) row', async () =>
      (await visibleRows(panel)).find((shown) => shown.row === total - 1 && shown.classes.includes(' current')),
    );
    assert.match(last.text, /#9,999,999/);
    const inPage = async () => panel.page.locator('.vlist-row').count();
    assert.ok((await inPage()) < 80, `only a screenful of row elements (${await inPage()})`);

    await panel.page.focus('.vlist.view-instructions');
    await panel.page.keyboard.press('Home');
    await until('row 0', async () => ((await visibleRows(panel))[0]?.text.includes('nop ; 0') ? true : undefined));

    const box = (await panel.page.locator('.vlist.view-instructions').boundingBox())!;
    await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.page.mouse.wheel(0, 2200); // 100 rows of 22 px
    const afterWheel = await until('the wheel to move 100 rows', async () => {
      const shown = await visibleRows(panel);
      return shown[0]?.row >= 99 && shown[0]?.row <= 101 ? shown : undefined;
    });
    assert.ok(
      afterWheel.every((shown, k) => k === 0 || shown.row === afterWheel[k - 1].row + 1),
      'consecutive rows',
    );

    // Drag the scroll bar's thumb to the middle of its track.
    const track = (await panel.page.locator('.vlist.view-instructions .vlist-scrollbar').boundingBox())!;
    const thumb = (await panel.page.locator('.vlist.view-instructions .vlist-thumb').boundingBox())!;
    await panel.page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2);
    await panel.page.mouse.down();
    await panel.page.mouse.move(thumb.x + thumb.width / 2, track.y + track.height / 2, { steps: 8 });
    await panel.page.mouse.up();
    const middle = await until('rows in the middle, loaded', async () => {
      const shown = await visibleRows(panel);
      const ready = shown.length > 0 && shown.every((entry) => !entry.classes.includes('placeholder'));
      return ready && Math.abs(shown[0].row - total / 2) < total * 0.02 ? shown : undefined;
    });
    assert.ok(
      middle.every((entry) => entry.text.includes(`nop ; ${entry.row}`)),
      'each row shows its own entry',
    );
    assert.ok((await inPage()) < 80);
    await panel.screenshot('the middle of ten million rows');

    await panel.page.keyboard.press('End');
    await until('the last row again', async () =>
      (await visibleRows(panel)).some((shown) => shown.row === total - 1 && shown.text.includes('nop ; 9999999')) ? true : undefined,
    );
    const pages = requests.filter((request) => request.type === 'fetch' || request.type === 'focus');
    assert.ok(pages.length < 40, `pages asked only for what was shown (${pages.length})`);
    assert.ok(pages.every((request) => request.type !== 'fetch' || (request.count <= 200 && request.start % 200 === 0)));
  });
});

test('without a recording the panel says what to do', { timeout: testTimeoutMs }, async () => {
  await withPanel('branchHistory', 'no recording', async (panel) => {
    const message = 'This session is not recording. Start recording (Rewind: Start Recording) to see where the program has been.';
    await panel.send({ type: 'state', available: false, message });
    assert.equal(await panel.page.textContent('.notice'), message);
    assert.equal(await panel.page.isVisible('.lists'), false);
    await panel.screenshot('no recording');
  });
});
