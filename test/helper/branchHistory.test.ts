// The branch-history requests on a real recording (the branchy fixture,
// recorded from main): the call history nests calls, returns and a signal
// handler as the program made them; branches have the right kinds and
// places; pages agree with each other and centre on a position; the
// instruction history and travelTo agree; timeline markers, per-line
// execution counts and per-branch-site statistics match the program; a
// second thread's history is complete; and the errors say what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperError, withHelper } from '../support/helperDriver';
import { runToFirstStop, stackFrames, waitForStopped } from '../support/helperFlows';
import { fixtureBinary } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';
import {
  allRows,
  type BranchPage,
  branchyLine,
  branchySource,
  type CallPage,
  type CallSegment,
  type InstructionPage,
  type MarkerPage,
  type ThreadLane,
  recordBranchyTo,
  type TakenBranch,
} from './branchHistorySupport';

test('callHistory nests calls, returns and a signal handler as the program made them', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await recordBranchyTo(helper, 'DONE');
    const first = await helper.request<CallPage>('callHistory', { count: 10 });
    const segments = await allRows<CallSegment>(async (start, count) => {
      const page = await helper.request<CallPage>('callHistory', { start, count });
      return { total: page.total, rows: page.segments };
    }, 7);
    assert.equal(segments.length, first.total);
    assert.deepEqual(
      segments.map((segment) => segment.ordinal),
      segments.map((_, ordinal) => ordinal),
      'pages of 7 join up',
    );
    assert.equal(first.source, 'recorded history');
    for (const segment of segments) {
      assert.ok(segment.startIndex <= segment.endIndex && segment.endIndex < first.historySize, `segment ${segment.ordinal} lies in the history`);
    }
    assert.ok(
      segments.every((segment, i) => i === 0 || segments[i - 1].startIndex <= segment.startIndex),
      'ordered by start',
    );

    const main = segments[0];
    assert.equal(main.function, 'main');
    assert.equal(main.arrival, null);
    assert.equal(main.depth, first.minDepth);
    const depthOf = (segment: CallSegment) => segment.depth - main.depth;
    const named = (name: string) => segments.filter((segment) => segment.function === name);

    // leaf: four calls from the loop (i = 0, 3, 6, 9), one at the bottom of nest(3).
    const leaves = named('leaf(int)');
    assert.equal(leaves.length, 5);
    assert.deepEqual(leaves.map(depthOf), [1, 1, 1, 1, 5]);
    assert.ok(leaves.every((segment) => segment.arrival === 'call'));
    // nest(3) → nest(2) → nest(1) → nest(0) → leaf, and back out.
    const nests = named('nest(int)');
    assert.deepEqual(nests.map(depthOf), [1, 2, 3, 4, 4, 3, 2, 1]);
    assert.deepEqual(
      nests.map((segment) => segment.arrival),
      ['call', 'call', 'call', 'call', 'return', 'return', 'return', 'return'],
    );
    const afterNest = segments[nests[7].ordinal + 1];
    assert.equal(afterNest.function, 'main');
    assert.equal(afterNest.arrival, 'return');
    assert.equal(depthOf(afterNest), 0);

    const weigh = segments.find((segment) => segment.function.includes('weigh<Tag, 3>(Box<Tag>)'));
    assert.ok(weigh, 'the template instance, by its demangled name');
    assert.equal(weigh.arrival, 'call');
    assert.equal(depthOf(weigh), 1);
    assert.equal(weigh.startLine, branchyLine('WEIGH') - 2, 'from its opening line');
    assert.equal(weigh.endLine, branchyLine('WEIGH') + 1, 'to its closing brace');

    const handler = named('onSignal(int)');
    assert.equal(handler.length, 1);
    assert.equal(handler[0].arrival, 'signal');
    const raise = segments.filter((segment) => segment.function === 'raise' && segment.startIndex < handler[0].startIndex).pop();
    assert.ok(raise && handler[0].depth > raise.depth, 'the handler runs on top of raise');

    const payload = named('payload(int)');
    assert.equal(payload.length, 1);
    assert.match(payload[0].file ?? '', /\/<img src=x onerror=alert\(1\)><svg onload=alert\(2\)>\.h$/, 'the #line file name, untouched');
  });
});

test('branchHistory: kinds and places of taken branches, filters, and pages centred on a position', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await recordBranchyTo(helper, 'DONE');
    const branches = await allRows<TakenBranch>(async (start, count) => {
      const page = await helper.request<BranchPage>('branchHistory', { start, count });
      return { total: page.total, rows: page.branches };
    });
    const leafCalls = branches.filter((branch) => branch.kind === 'call' && branch.toFunction === 'leaf(int)' && branch.function === 'main');
    assert.equal(leafCalls.length, 4);
    assert.ok(leafCalls.every((branch) => branch.line === branchyLine('CALL_LEAF') && branch.file === branchySource));
    assert.ok(branches.some((branch) => branch.kind === 'return' && branch.function === 'leaf(int)' && branch.toFunction === 'main'));
    const signal = branches.filter((branch) => branch.kind === 'signal');
    assert.equal(signal.length, 1);
    assert.equal(signal[0].toFunction, 'onSignal(int)');
    assert.ok(
      branches.some((branch) => branch.kind === 'syscall' && /write/.test(branch.function)),
      'the write() system call',
    );
    assert.ok(branches.some((branch) => branch.kind === 'conditional' && branch.line === branchyLine('BRANCH')));
    assert.ok(
      branches.every((branch, i) => i === 0 || (branches[i - 1].index ?? 0) <= (branch.index ?? 0)),
      'in history order',
    );

    const syscalls = await helper.request<BranchPage>('branchHistory', { kinds: ['syscall'], count: 5000 });
    assert.equal(syscalls.total, branches.filter((branch) => branch.kind === 'syscall').length);
    assert.ok(syscalls.branches.every((branch) => branch.kind === 'syscall'));
    const weigh = await helper.request<BranchPage>('branchHistory', { query: 'WEIGH<', count: 50 });
    assert.deepEqual(
      weigh.branches.map((branch) => branch.kind),
      ['call', 'return'],
      'search by function, any case',
    );
    const byFile = await helper.request<BranchPage>('branchHistory', { query: 'onload=alert', count: 50 });
    assert.deepEqual(
      byFile.branches.map((branch) => branch.toFunction),
      ['payload(int)', 'main'],
      'search by file',
    );

    // Centred on the call into weigh: it is the focus row, in the middle.
    const call = weigh.branches[0];
    const around = await helper.request<BranchPage>('branchHistory', { atIndex: call.index, count: 11 });
    assert.equal(around.focus, call.ordinal);
    assert.equal(around.start, call.ordinal - 5);
    assert.deepEqual(around.branches[5], call);
  });
});

test('instructionHistory and travelTo agree on where a history position is', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const stopped = await recordBranchyTo(helper, 'DONE');
    const calls = await helper.request<CallPage>('callHistory', { query: 'weigh', count: 10 });
    assert.equal(calls.total, 1);
    const weigh = calls.segments[0];
    const page = await helper.request<InstructionPage>('instructionHistory', { atIndex: weigh.startIndex, count: 9 });
    const entry = page.instructions[page.focus! - page.start];
    assert.equal(entry.index, weigh.startIndex);
    assert.equal(entry.address, weigh.address);
    assert.equal(entry.function, weigh.function);
    assert.equal(entry.kind, 'instruction');
    assert.match(entry.text ?? '', /^(push|endbr64)\b/, 'the first instruction of the function');
    const previous = page.instructions[page.focus! - page.start - 1];
    assert.match(previous.text ?? '', /^call\b/);
    assert.equal(previous.function, 'main');

    await helper.request('travelTo', { index: weigh.startIndex });
    const there = await waitForStopped(helper);
    assert.equal(there.reason, 'goto');
    const [top] = await stackFrames(helper, stopped.tid, 1);
    assert.match(top.function, /weigh/);
    assert.equal(Number(top.pc), Number(entry.address), 'the program is at that instruction');
    const moved = await helper.request<CallPage>('callHistory', { atIndex: weigh.startIndex, count: 3 });
    assert.equal(moved.position, weigh.startIndex, 'pages say where the program is');
    assert.equal(moved.segments[moved.focus! - moved.start].function, weigh.function);
  });
});

test('timeline markers, execution counts and branch-site statistics match the program', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await recordBranchyTo(helper, 'DONE');
    await helper.request('setBreakpoints', { source: branchySource, lines: [branchyLine('LEAF')] });
    const markers = await helper.request<MarkerPage>('historyMarkers', { buckets: 1000 });
    const sum = (kind: string) => markers.markers.filter((marker) => marker.kind === kind).reduce((total, marker) => total + marker.count, 0);
    assert.equal(sum('breakpoint'), 5, 'leaf ran five times');
    assert.equal(sum('signal'), 1);
    assert.ok(sum('syscall') >= 3, 'sigaction, tgkill, write…');
    assert.equal(sum('threadSwitch'), 0, 'one thread');
    const signal = await helper.request<BranchPage>('branchHistory', { kinds: ['signal'] });
    assert.equal(markers.markers.find((marker) => marker.kind === 'signal')?.index, signal.branches[0].index);
    const coarse = await helper.request<MarkerPage>('historyMarkers', { buckets: 4, kinds: ['breakpoint'] });
    assert.ok(coarse.markers.length <= 4);
    assert.equal(
      coarse.markers.reduce((total, marker) => total + marker.count, 0),
      5,
    );

    const counts = await helper.request<{ lines: { line: number; count: number }[] }>('lineExecutionCounts', { file: branchySource });
    const countOf = (marker: string) => counts.lines.find((row) => row.line === branchyLine(marker))?.count;
    assert.equal(countOf('BRANCH'), 10);
    assert.equal(countOf('CALL_LEAF'), 4);
    assert.equal(countOf('LEAF'), 5);
    assert.equal(countOf('HANDLER'), 1);
    assert.equal(countOf('WORKER'), undefined, 'never ran');
    const statistics = await helper.request<{ sites: { line?: number; taken: number; notTaken: number }[] }>('branchStatistics', { file: branchySource });
    const branch = statistics.sites.filter((site) => site.line === branchyLine('BRANCH'));
    assert.equal(branch.length, 1);
    assert.equal(branch[0].taken + branch[0].notTaken, 10);
    assert.deepEqual([branch[0].taken, branch[0].notTaken].sort(), [4, 6]);
  });
});

test('a second thread: its calls, thread switches, and no entry left without an address', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const stopped = await recordBranchyTo(helper, 'DONE', ['threads']);
    const markers = await helper.request<MarkerPage>('historyMarkers', { buckets: 100, kinds: ['threadSwitch'] });
    assert.ok(markers.markers.length > 0);
    // The timeline's thread lanes: main over the whole history, the worker
    // (joined since) within its life; each switch is the start of a run of
    // the thread switched to, and the first run has no switch before it.
    const lanes = markers.threads ?? [];
    assert.equal(lanes.length, 2, JSON.stringify(lanes));
    assert.equal(new Set(lanes.map((lane) => lane.tid)).size, 2);
    const mainLane = lanes.find((lane) => lane.tid === stopped.tid)!;
    const workerLane = lanes.find((lane) => lane.tid !== stopped.tid)!;
    assert.deepEqual([mainLane.first, mainLane.last], [0, markers.historySize]);
    assert.match(mainLane.name, /branchy/);
    assert.ok(
      workerLane.first !== null && workerLane.last !== null && workerLane.first > 0 && workerLane.last < markers.historySize,
      JSON.stringify(workerLane),
    );
    const runs = (lane: ThreadLane) => lane.switches.reduce((total, run) => total + run.count, 0);
    const switches = markers.markers.reduce((total, marker) => total + marker.count, 0);
    assert.equal(runs(mainLane) + runs(workerLane), switches + 1);
    assert.ok(runs(workerLane) >= 2, 'the worker ran more than once');
    for (const run of workerLane.switches) {
      assert.ok(run.index >= workerLane.first! && run.index <= workerLane.last!, `worker run at ${run.index} within its life`);
    }
    const withoutSwitches = await helper.request<MarkerPage>('historyMarkers', { buckets: 100, kinds: ['syscall'] });
    assert.equal(withoutSwitches.threads, undefined, 'lanes come with the threadSwitch kind');
    const worker = await helper.request<CallPage>('callHistory', { query: 'worker', count: 100 });
    assert.equal(worker.total, 1 + 20, 'worker, and worker again after each of its 20 calls');
    const tid = worker.segments[0].tid;
    assert.notEqual(tid, stopped.tid);
    const leaves = await helper.request<CallPage>('callHistory', { query: 'leaf', count: 100 });
    assert.equal(leaves.segments.filter((segment) => segment.tid === tid).length, 20);
    assert.equal(leaves.segments.filter((segment) => segment.tid === stopped.tid).length, 5);
    const instructions = await allRows(async (start, count) => {
      const page = await helper.request<InstructionPage>('instructionHistory', { start, count });
      return { total: page.total, rows: page.instructions };
    }, 5000);
    const unknown = instructions.filter((row) => Number(row.address) === 0);
    assert.equal(unknown.length, 0, 'every entry of both threads has its address');
    assert.ok(instructions.some((row) => row.tid === tid && row.function === 'worker(void*)'));
  });
});

test('branch requests say what is wrong: no recording, bad arguments, no hardware tracing', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await runToFirstStop(helper, { program: fixtureBinary('branchy'), breakpoints: [{ source: branchySource, lines: [branchyLine('DONE')] }] });
    await assert.rejects(helper.request('callHistory', {}), (error: HelperError) => {
      assert.equal(error.code, 'WrongState');
      assert.match(error.message, /start recording/);
      return true;
    });
    const info = await helper.request<{ recorded: boolean; hardware: { available: boolean; message: string; verifiedOnHardware: boolean } }>('branchTraceInfo');
    assert.equal(info.recorded, false);
    assert.equal(info.hardware.verifiedOnHardware, false);
    assert.ok(info.hardware.message.length > 0);
    if (!info.hardware.available) {
      await assert.rejects(helper.request('hardwareTrace', { enable: true }), (error: HelperError) => {
        assert.equal(error.code, 'Unsupported');
        assert.ok(error.message.includes(info.hardware.message), error.message);
        return true;
      });
    } else {
      const enabled = await helper.request<{ active: string }>('hardwareTrace', { enable: true });
      assert.match(enabled.active, /Intel (PT|BTS)/);
    }
    await helper.request('startRecording', {});
    await assert.rejects(helper.request('branchHistory', { count: 100000 }), /count/);
    await assert.rejects(helper.request('branchHistory', { kinds: ['teleport'] }), /Unknown branch kind 'teleport'/);
    await assert.rejects(helper.request('historyMarkers', { kinds: ['comet'] }), /Unknown marker kind 'comet'/);
  });
});
