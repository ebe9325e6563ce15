// controlBench: a conditional breakpoint in a 100,000-iteration loop that is
// true once (issue "Control"), the same true once in 2,000,000 passes
// (issue 17: judged in the kernel; gdb's run is capped at 100,000 passes
// and its time scaled by 20, since it takes minutes), the cost of one pass
// where the debugger must judge the condition (issue 17's ptrace fallback:
// a floating-point condition, which the kernel's BPF cannot judge; the run
// without the breakpoint is subtracted, for gdb too), and a write watchpoint hit 10,000 times
// (issue "Hardware breakpoints") — Rewind over DAP beside gdb -batch on the
// same fixture, in the same run. The watchpoint row compares like with like:
// where the CPU's debug registers do not trap, Rewind uses software
// watchpoints (single steps), and so must gdb (`set can-use-hw-watchpoints
// 0`: its hardware watchpoints never fire there); the row names the mode.
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient } from '../support/dapClient';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { markerLine } from '../support/markers';
import { WatchMode, watchMode } from '../support/watchRuns';
import { countGdbStops, runGdbScript } from './gdbBaseline';
import { BenchRow } from './report';
import { nowMs, timeToStop } from './rewindDriver';

const iterations = 100000;
const kernelIterations = 2000000;
const watchHits = 10000;
const fallbackPasses = 100000;

export function loopFixture() {
  const program = fixtureBinary('loop');
  const source = fixtureSource('loop', 'main.c');
  return { program, source, line: markerLine(source, 'LOOP_BODY') };
}

// The whole run (adapter start to exit) of the loop with a breakpoint on
// its body, or none; a breakpoint with a condition stops once and goes on.
// `afterExit` checks what the run printed (it is not timed).
export async function rewindLoopRunMs(
  passes: number,
  breakpoint: Omit<DebugProtocol.SourceBreakpoint, 'line'> | null,
  afterExit?: (client: RewindDebugClient) => void,
): Promise<number> {
  const { program, source, line } = loopFixture();
  const started = nowMs();
  const client = new RewindDebugClient(process.env, false); // timings: without the test-only schema check
  try {
    await client.startAdapter();
    await client.initializeRequest();
    const exited = client.waitFor('exited', () => true, 600000);
    const stopped = breakpoint?.condition === undefined ? undefined : (client.waitFor('stopped', () => true, 600000) as Promise<DebugProtocol.StoppedEvent>);
    await client.launchRequest({ program, args: [String(passes)] } as DebugProtocol.LaunchRequestArguments);
    if (breakpoint !== null) await client.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line, ...breakpoint }] });
    await client.configurationDoneRequest();
    if (stopped) {
      const stop = await stopped;
      await client.continueRequest({ threadId: stop.body.threadId ?? 0 });
    }
    await exited;
    const elapsed = nowMs() - started;
    afterExit?.(client);
    return elapsed;
  } finally {
    await client.stopSession();
  }
}

// The whole run with a breakpoint whose condition holds once; no breakpoint at all when `condition` is null.
export async function rewindConditionalMs(passes = iterations, condition: string | null = `i == ${passes / 2}`): Promise<number> {
  return rewindLoopRunMs(passes, condition === null ? null : { condition });
}

function gdbConditionalMs(): number {
  const { program, source, line } = loopFixture();
  const run = runGdbScript(program, [String(iterations)], [`break ${source}:${line} if i == ${iterations / 2}`, 'run', 'continue']);
  if (countGdbStops(run.stdout, `${line}`) !== 1) throw new Error('gdb did not stop exactly once on the conditional breakpoint');
  return run.wallMs;
}

/** µs per pass of a breakpoint whose floating-point condition the debugger judges (ptrace), the run without it subtracted. */
export async function rewindFallbackMicrosPerPass(): Promise<number> {
  const judged = await rewindConditionalMs(fallbackPasses, `i == ${fallbackPasses / 2}.0`);
  const plain = await rewindConditionalMs(fallbackPasses, null);
  return ((judged - plain) * 1000) / fallbackPasses;
}

export function gdbFallbackMicrosPerPass(): number {
  const { program, source, line } = loopFixture();
  const args = [String(fallbackPasses)];
  const judged = runGdbScript(program, args, [`break ${source}:${line} if i == ${fallbackPasses / 2}.0`, 'run', 'continue']);
  if (countGdbStops(judged.stdout, `${line}`) !== 1) throw new Error('gdb did not stop exactly once on the floating-point condition');
  const plain = runGdbScript(program, args, ['run']);
  return ((judged.wallMs - plain.wallMs) * 1000) / fallbackPasses;
}

async function rewindWatchHitsPerSecond(): Promise<{ hitsPerSecond: number; mode: WatchMode }> {
  const { program, source, line } = loopFixture();
  const client = new RewindDebugClient(process.env, false); // timings: without the test-only schema check
  try {
    await client.startAdapter();
    const { stopped } = await client.launchToStop({ program, args: [String(watchHits + 10)] }, [{ source, lines: [line] }]);
    const threadId = stopped.body.threadId ?? 0;
    await client.setLineBreakpoints(source, []);
    const frame = await client.topFrame(threadId);
    const info = await client.send('dataBreakpointInfo', { name: 'total', frameId: frame.id });
    if (!info.body?.dataId) throw new Error(`no dataId for 'total': ${JSON.stringify(info.body)}`);
    const set = await client.send('setDataBreakpoints', { breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    const answer: DebugProtocol.Breakpoint = set.body.breakpoints[0];
    if (!answer.verified) throw new Error(`watchpoint not set: ${answer.message}`);
    const mode = watchMode([answer]);
    const started = nowMs();
    for (let hit = 0; hit < watchHits; hit++) await timeToStop(client, 'continue', { threadId });
    return { hitsPerSecond: watchHits / ((nowMs() - started) / 1000), mode };
  } finally {
    await client.stopSession();
  }
}

function gdbWatchHitsPerSecond(mode: WatchMode): number {
  const { program, source, line } = loopFixture();
  const software = mode === 'software';
  const script = [
    ...(software ? ['set can-use-hw-watchpoints 0'] : []),
    `break ${source}:${line}`,
    'run',
    'delete',
    'watch total',
    'set $n = 0',
    `while $n < ${watchHits}`,
    'continue',
    'set $n = $n + 1',
    'end',
    'kill',
  ];
  const header = software ? /^Watchpoint \d+: total/ : /^Hardware watchpoint \d+: total/;
  const started = nowMs();
  const run = runGdbScript(program, [String(watchHits + 10)], script);
  const hits = run.stdout.split('\n').filter((text) => header.test(text)).length;
  // The first line is the set message; every hit repeats the header.
  if (hits < watchHits) throw new Error(`gdb reported ${hits} watchpoint hits, expected ${watchHits}`);
  return watchHits / ((nowMs() - started) / 1000);
}

export async function controlBench(): Promise<BenchRow[]> {
  const conditionalRewind = await rewindConditionalMs();
  const conditionalGdb = gdbConditionalMs();
  const kernelRewind = await rewindConditionalMs(kernelIterations);
  const fallbackRewind = await rewindFallbackMicrosPerPass();
  const fallbackGdb = gdbFallbackMicrosPerPass();
  const watchRewind = await rewindWatchHitsPerSecond();
  const watchGdb = gdbWatchHitsPerSecond(watchRewind.mode);
  return [
    {
      name: `conditional breakpoint, ${iterations.toLocaleString('en-US')} iterations, true once (whole run)`,
      unit: 'ms',
      direction: 'lower',
      rewind: conditionalRewind,
      gdb: conditionalGdb,
      targetNote: 'issue: faster than gdb',
    },
    {
      name: `conditional breakpoint, ${kernelIterations.toLocaleString('en-US')} passes, true once (whole run; gdb scaled from ${iterations.toLocaleString('en-US')})`,
      unit: 'ms',
      direction: 'lower',
      rewind: kernelRewind,
      gdb: conditionalGdb * (kernelIterations / iterations),
      target: 3000,
      targetNote: 'issue 17: ≤ 3 s, judged in the kernel',
    },
    {
      name: `conditional breakpoint judged by the debugger (ptrace fallback: a floating-point condition), per pass of ${fallbackPasses.toLocaleString('en-US')}`,
      unit: 'µs',
      direction: 'lower',
      rewind: fallbackRewind,
      gdb: fallbackGdb,
      target: 20,
      targetNote: 'issue 17: the ptrace fallback ≤ 20 µs per pass',
    },
    {
      name: `write watchpoint hit + continue (${watchHits.toLocaleString('en-US')}), ${watchRewind.mode} watchpoints in both`,
      unit: 'hits/s',
      direction: 'higher',
      rewind: watchRewind.hitsPerSecond,
      gdb: watchGdb,
      targetNote: 'issue: no slower than gdb',
    },
  ];
}
