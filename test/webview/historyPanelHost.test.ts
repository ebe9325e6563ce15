// The extension-host half of the panels (HistoryPanelHost) without VS Code:
// what it tells a webview with no session, a session that does not record,
// and one that does; how it turns the webview's page requests into the
// adapter's custom requests and their answers into page messages; and what
// happens when a travel or a request fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryPanelHost, noSessionMessage, notRecordingMessage, type CustomRequest } from '../../extension/src/panels/historyPanelHost';
import type { HostMessage } from '../../extension/src/panels/panelMessages';

/** A fake session's customRequest: loosely typed, answering only what each test needs. */
type FakeRequest = (command: string, args: Record<string, unknown>) => Promise<unknown>;

function hostWith(fake: FakeRequest | undefined) {
  const session = fake as unknown as CustomRequest | undefined;
  const posted: HostMessage[] = [];
  const errors: string[] = [];
  const opened: [string, number][] = [];
  const host = new HistoryPanelHost({
    post: (message) => posted.push(message),
    session: () => session,
    openSource: (file, line) => void opened.push([file, line]),
    showError: (message) => void errors.push(message),
  });
  return { host, posted, errors, opened };
}

test('without a session, or without a recording, the webview is told what to do', async () => {
  const none = hostWith(undefined);
  await none.host.receive({ type: 'ready' });
  assert.deepEqual(none.posted, [{ type: 'state', available: false, message: noSessionMessage }]);
  await none.host.receive({ type: 'fetch', view: 'calls', query: '', start: 0, count: 10 });
  assert.deepEqual(none.posted[1], { type: 'error', message: noSessionMessage });

  const idle = hostWith(async () => ({ recording: false }));
  await idle.host.receive({ type: 'ready' });
  assert.deepEqual(idle.posted, [{ type: 'state', available: false, message: notRecordingMessage }]);
});

test('ready and every stop send the state and the position', async () => {
  const calls: [string, unknown][] = [];
  const { host, posted } = hostWith(async (command, args) => {
    calls.push([command, args]);
    return { recording: true, size: 500, position: 120 };
  });
  await host.receive({ type: 'ready' });
  await host.refresh();
  assert.deepEqual(calls, [
    ['recordingInfo', {}],
    ['recordingInfo', {}],
  ]);
  assert.deepEqual(posted.slice(0, 2), [
    { type: 'state', available: true },
    { type: 'position', position: 120, historySize: 500 },
  ]);
});

test('page requests become custom requests, and their answers pages', async () => {
  const calls: [string, Record<string, unknown>][] = [];
  const { host, posted } = hostWith(async (command, args) => {
    calls.push([command, args]);
    const frame = { total: 42, start: 10, focus: 12, position: 90, historySize: 100, source: 'recorded history', travelable: true };
    if (command === 'callHistory') return { ...frame, minDepth: -1, segments: [{ ordinal: 10, function: '<b>f</b>' }] };
    if (command === 'instructionHistory') return { ...frame, instructions: [{ index: 10 }] };
    return { ...frame, branches: [{ ordinal: 10 }] };
  });
  await host.receive({ type: 'focus', view: 'calls', query: 'leaf', atIndex: 90, count: 50 });
  await host.receive({ type: 'fetch', view: 'instructions', query: 'ignored', start: 10, count: 50 });
  await host.receive({ type: 'fetch', view: 'branches', query: '', start: 10, count: 50 });
  assert.deepEqual(calls, [
    ['callHistory', { count: 50, atIndex: 90, query: 'leaf' }],
    ['instructionHistory', { count: 50, start: 10 }],
    ['branchHistory', { count: 50, start: 10 }],
  ]);
  assert.deepEqual(posted[0], {
    type: 'page',
    view: 'calls',
    query: 'leaf',
    total: 42,
    start: 10,
    focus: 12,
    atIndex: 90,
    position: 90,
    historySize: 100,
    source: 'recorded history',
    travelable: true,
    minDepth: -1,
    rows: [{ ordinal: 10, function: '<b>f</b>' }],
  });
  assert.equal((posted[1] as { query: string }).query, '', 'the instruction list is not searched');
  assert.equal((posted[2] as { atIndex: null }).atIndex, null);
});

test('open, travel and markers; a failed travel is shown to the user', async () => {
  let fail = false;
  const lanes = [{ tid: 7, name: 'worker', first: 10, last: 60, switches: [{ index: 10, count: 3 }] }];
  const calls: [string, unknown][] = [];
  const { host, posted, errors, opened } = hostWith(async (command, args) => {
    calls.push([command, args]);
    if (command === 'travelTo' && fail) throw new Error('index 999 is beyond the history (100 instructions).');
    if (command === 'historyMarkers') {
      return { historySize: 100, position: 40, buckets: 50, source: 'recorded history', markers: [{ index: 3, count: 2, kind: 'syscall' }], threads: lanes };
    }
    return {};
  });
  await host.receive({ type: 'open', file: '/src/a.c', line: 7 });
  assert.deepEqual(opened, [['/src/a.c', 7]]);
  await host.receive({ type: 'travel', index: 5 });
  assert.deepEqual(calls.at(-1), ['travelTo', { index: 5 }]);
  await host.receive({ type: 'markers', buckets: 50 });
  assert.deepEqual(posted.at(-1), {
    type: 'timeline',
    historySize: 100,
    position: 40,
    buckets: 50,
    source: 'recorded history',
    markers: [{ index: 3, count: 2, kind: 'syscall' }],
    threads: lanes,
  });
  fail = true;
  await host.receive({ type: 'travel', index: 999 });
  assert.match(errors[0], /could not travel to history position 999: index 999 is beyond the history/);
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'index 999 is beyond the history (100 instructions).' });
});
