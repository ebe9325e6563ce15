// The branch-history custom requests through the debug adapter, on a
// recording from main of the branchy fixture: pages of calls, branches and
// instructions with "0x…" addresses and editor paths (sourceMap applied both
// ways), "Travel here" from a call-history row (travelTo its first
// instruction), timeline markers and execution counts for an editor file,
// and clear errors for bad arguments or no recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary } from '../support/paths';
import { recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';
import { branchyLine, branchySource, type BranchPage, type CallPage, type InstructionPage, type MarkerPage } from '../helper/branchHistorySupport';

async function body<T>(
  client: { sendForResponse(command: string, args: unknown): Promise<{ success: boolean; message?: string; body?: unknown }> },
  command: string,
  args: unknown,
): Promise<T> {
  const response = await client.sendForResponse(command, args);
  assert.ok(response.success, `${command} succeeds: ${response.message}`);
  return response.body as T;
}

test('call, branch and instruction pages through the adapter', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await recordTo(client, 'branchy', branchySource, 'DONE');
    const calls = await body<CallPage>(client, 'callHistory', { start: 0, count: 40 });
    assert.equal(calls.segments[0].function, 'main');
    assert.match(String(calls.segments[0].address), /^0x[0-9a-f]+$/);
    assert.equal(calls.segments[0].file, branchySource);
    assert.ok(calls.total > 40 && calls.segments.length === 40);
    assert.equal(calls.position, calls.historySize, 'at the live end');

    const leafCalls = await body<BranchPage>(client, 'branchHistory', { kinds: ['call'], query: 'leaf', count: 100 });
    assert.equal(leafCalls.total, 5);
    assert.ok(leafCalls.branches.every((branch) => branch.toFunction === 'leaf(int)' && /^0x/.test(String(branch.to))));

    const around = await body<InstructionPage>(client, 'instructionHistory', { atIndex: 10, count: 5 });
    assert.deepEqual(
      around.instructions.map((row) => row.index),
      [8, 9, 10, 11, 12],
    );
    assert.equal(around.focus, 10);
    assert.ok(around.instructions.every((row) => row.function === 'main' && typeof row.text === 'string'));
  });
});

test('Travel here from a call-history row puts the program in that call', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'branchy', branchySource, 'DONE');
    const nests = await body<CallPage>(client, 'callHistory', { query: 'nest', count: 20 });
    const third = nests.segments[2]; // nest(1), three calls deep
    assert.equal(third.function, 'nest(int)');
    const { stopped, frame } = await travel(client, 'travelTo', { index: third.startIndex });
    assert.equal(stopped.body.reason, 'goto');
    assert.match(stopped.body.description ?? '', /history \d+\/\d+/);
    assert.match(frame.name, /^nest\b/);
    const frames = await client.frames(threadId);
    assert.equal(frames.filter((f) => /^nest\b/.test(f.name)).length, 3, 'nest(3) → nest(2) → nest(1)');
    const after = await body<CallPage>(client, 'callHistory', { atIndex: third.startIndex, count: 5 });
    assert.equal(after.position, third.startIndex);
    assert.equal(after.segments[after.focus! - after.start].ordinal, third.ordinal);
  });
});

test('markers and execution counts for an editor file, with a sourceMap both ways', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    // The editor sees the sources under another folder (a link to the real one).
    const compiled = path.dirname(branchySource);
    const local = fs.mkdtempSync('/tmp/rewind-branch-map-');
    fs.symlinkSync(path.join(compiled, 'main.cpp'), path.join(local, 'main.cpp'));
    try {
      const { stopped } = await client.launchToStop({ program: fixtureBinary('branchy'), record: 'fromMain', sourceMap: { [compiled]: local } } as never, [
        { source: path.join(local, 'main.cpp'), lines: [branchyLine('DONE')] },
      ]);
      assert.equal(stopped.body.reason, 'breakpoint');
      const calls = await body<CallPage>(client, 'callHistory', { count: 1 });
      assert.equal(calls.segments[0].file, path.join(local, 'main.cpp'), 'files come back as the editor names them');
      const counts = await body<{ lines: { line: number; count: number }[] }>(client, 'lineExecutionCounts', { file: path.join(local, 'main.cpp') });
      assert.equal(counts.lines.find((row) => row.line === branchyLine('BRANCH'))?.count, 10);
      const sites = await body<{ sites: { line?: number; taken: number; notTaken: number; file?: string }[] }>(client, 'branchStatistics', {
        file: path.join(local, 'main.cpp'),
      });
      const branch = sites.sites.find((site) => site.line === branchyLine('BRANCH'));
      assert.equal((branch?.taken ?? 0) + (branch?.notTaken ?? 0), 10);
      assert.equal(branch?.file, path.join(local, 'main.cpp'));
      // Breakpoint markers: where the history passed the breakpoints set now.
      await client.setLineBreakpoints(path.join(local, 'main.cpp'), [branchyLine('LEAF')]);
      const markers = await body<MarkerPage>(client, 'historyMarkers', { buckets: 200 });
      assert.ok(markers.markers.some((marker) => marker.kind === 'signal'));
      const hits = markers.markers.filter((marker) => marker.kind === 'breakpoint').reduce((sum, marker) => sum + marker.count, 0);
      assert.equal(hits, 5, 'leaf ran five times');
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });
});

test('bad arguments and a session without a recording get clear errors', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program: fixtureBinary('branchy') }, [{ source: branchySource, lines: [branchyLine('DONE')] }]);
    const none = await client.sendForResponse('callHistory', {});
    assert.equal(none.success, false);
    assert.match(none.message ?? '', /no recorded history.*start recording/i);
    const negative = await client.sendForResponse('branchHistory', { start: -1 });
    assert.equal(negative.success, false);
    assert.match(negative.message ?? '', /'start' to be 0 or more/);
    const kinds = await client.sendForResponse('branchHistory', { kinds: ['teleport'] });
    assert.match(kinds.message ?? '', /'kinds' as a list of: call, return/);
    const noFile = await client.sendForResponse('lineExecutionCounts', {});
    assert.match(noFile.message ?? '', /'file'/);
    const info = await body<{ hardware: { available: boolean; message: string } }>(client, 'branchTraceInfo', {});
    assert.ok(info.hardware.message.length > 0);
  });
});
