// The Timeline panel rendered in headless Chromium from a recorded message
// stream (the branchy fixture recorded from main): one lane of markers per
// kind as the host summarised them, a lane per recorded thread, the cursor
// at the program's position, and travel by click, by drag (with a preview
// while dragging), by a click on a marker and by the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineMessage, WebviewRequest } from '../../extension/src/panels/panelMessages';
import { testTimeoutMs } from '../support/timeouts';
import { withPanel } from './support/panelPage';
import { branchyStream } from './support/recordedStream';

function timelineOf(messages: readonly { type: string }[]): TimelineMessage {
  const found = messages.find((message): message is TimelineMessage => message.type === 'timeline');
  assert.ok(found, 'the stream has the timeline markers');
  return found;
}

test('markers, lanes and the cursor from a recorded stream', { timeout: testTimeoutMs }, async () => {
  const stream = await branchyStream();
  const timeline = timelineOf(stream.messages);
  await withPanel('timeline', 'timeline markers', async (panel) => {
    await panel.sendAll([...stream.messages.filter((message) => message.type === 'state' || message.type === 'position'), timeline]);
    await panel.page.waitForSelector('.marker');
    for (const kind of ['syscall', 'signal', 'breakpoint', 'threadSwitch']) {
      const expected = timeline.markers.filter((marker) => marker.kind === kind).length;
      assert.equal(await panel.page.locator(`.marker-${kind}`).count(), expected, `${kind} markers`);
    }
    const signal = timeline.markers.find((marker) => marker.kind === 'signal')!;
    assert.equal(await panel.page.getAttribute('.marker-signal', 'title'), `signal at #${signal.index.toLocaleString('en-US')}`);
    assert.ok(timeline.markers.filter((marker) => marker.kind === 'syscall').length >= 3);
    // Every marker sits at its place along the history.
    const width = (await panel.page.locator('.timeline').boundingBox())!.width;
    const placed = await panel.page.$$eval('.marker', (dots) =>
      dots.map((dot) => ({ index: Number((dot as HTMLElement).dataset.index), left: (dot as HTMLElement).offsetLeft })),
    );
    for (const dot of placed) assert.ok(Math.abs(dot.left - (dot.index / timeline.historySize) * width) <= 3, `marker #${dot.index} placed`);
    assert.equal(await panel.page.getAttribute('.timeline', 'aria-valuemax'), String(timeline.historySize));
    assert.match((await panel.page.textContent('.where')) ?? '', /live end/);
    const cursor = (await panel.page.locator('.timeline-cursor').boundingBox())!;
    const scrubber = (await panel.page.locator('.timeline').boundingBox())!;
    assert.ok(Math.abs(cursor.x + 1 - (scrubber.x + scrubber.width)) <= 3, 'the cursor is at the end (the live end)');
    assert.match((await panel.page.textContent('.timeline-legend')) ?? '', /Signals: 1/);
    // One lane per recorded thread (branchy without "threads": main alone,
    // over the whole history, one run), below the kinds' lanes.
    assert.equal(timeline.threads.length, 1);
    const [mainLane] = timeline.threads;
    assert.deepEqual([mainLane.first, mainLane.last], [0, timeline.historySize]);
    assert.deepEqual(await panel.page.$$eval('.lane-thread', (labels) => labels.map((label) => label.textContent)), [
      `Thread ${mainLane.tid} ${mainLane.name}`,
    ]);
    assert.equal(await panel.page.locator('.marker-run').count(), mainLane.switches.length);
    const life = (await panel.page.locator('.thread-life').boundingBox())!;
    assert.ok(Math.abs(life.width - width) <= 3, 'the life bar spans the history');
    const laneTop = await panel.page.$eval('.marker-run', (dot) => (dot as HTMLElement).style.top);
    assert.equal(laneTop, `${4 * 24 + 12}px`, 'the thread lane comes after the four kinds');
    assert.equal((await panel.page.locator('.timeline').boundingBox())!.height, 5 * 24, 'five lanes high');
    await panel.screenshot('timeline');
  });
});

test('click, drag, marker click and keys travel', { timeout: testTimeoutMs }, async () => {
  const stream = await branchyStream();
  const timeline = timelineOf(stream.messages);
  const size = timeline.historySize;
  await withPanel('timeline', 'timeline travel', async (panel) => {
    await panel.sendAll([...stream.messages.filter((message) => message.type === 'state' || message.type === 'position'), timeline]);
    await panel.page.waitForSelector('.marker');
    const box = (await panel.page.locator('.timeline').boundingBox())!;
    const at = (part: number) => ({ x: box.x + box.width * part, y: box.y + 4 });
    const travels = async () => (await panel.posted()).filter((m): m is Extract<WebviewRequest, { type: 'travel' }> => m.type === 'travel');
    const near = (index: number, part: number) => Math.abs(index - part * size) <= size / box.width + 1;

    await panel.page.mouse.click(at(0.25).x, at(0.25).y);
    await panel.waitForPosted((m) => m.type === 'travel', 'a travel on click');
    assert.ok(near((await travels())[0].index, 0.25), `click at a quarter: ${(await travels())[0].index} of ${size}`);

    await panel.clearPosted();
    await panel.page.mouse.move(at(0.1).x, at(0.1).y);
    await panel.page.mouse.down();
    await panel.page.mouse.move(at(0.6).x, at(0.6).y, { steps: 6 });
    assert.equal(await panel.page.isVisible('.timeline-preview'), true, 'a preview while dragging');
    assert.match((await panel.page.textContent('.timeline-detail')) ?? '', /^Travel to history position [\d,]+$/);
    assert.equal((await travels()).length, 0, 'no travel before the drag ends');
    await panel.screenshot('dragging');
    await panel.page.mouse.up();
    await panel.waitForPosted((m) => m.type === 'travel', 'a travel when the drag ends');
    assert.ok(near((await travels())[0].index, 0.6));

    await panel.clearPosted();
    const signal = timeline.markers.find((marker) => marker.kind === 'signal')!;
    await panel.page.click('.marker-signal', { force: true });
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'travel', 'a travel to the marker'), { type: 'travel', index: signal.index });

    await panel.clearPosted();
    await panel.page.focus('.timeline');
    await panel.page.keyboard.press('Home');
    await panel.page.keyboard.press('Enter');
    assert.deepEqual(await panel.waitForPosted((m) => m.type === 'travel', 'a travel by keys'), { type: 'travel', index: 0 });

    // A stop in the past moves the cursor; the panel asks for fresh markers.
    await panel.clearPosted();
    await panel.send({ type: 'position', position: Math.round(size / 2), historySize: size });
    await panel.waitForPosted((m) => m.type === 'markers', 'a markers request');
    const cursor = (await panel.page.locator('.timeline-cursor').boundingBox())!;
    assert.ok(Math.abs(cursor.x + 1 - (box.x + box.width / 2)) <= 3, 'the cursor moved to the middle');
    assert.match((await panel.page.textContent('.where')) ?? '', /^history [\d,]+ \/ [\d,]+$/);
    await panel.screenshot('cursor in the past');
  });
});
