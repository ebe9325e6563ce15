// foundationBench: launch to the first breakpoint, one `next`, and
// breakpoint round trips in a loop — Rewind over DAP beside gdb -batch on the
// same fixture, in the same run.
import { fixtureBinary, fixtureSource } from '../support/paths';
import { markerLine } from '../support/markers';
import { countGdbStops, runGdbScript } from './gdbBaseline';
import { BenchRow, median } from './report';
import { launchToBreakpoint, nowMs, timeToStop } from './rewindDriver';

const repetitions = 5;
const steps = 200;
const loopHits = 10000;

function loopFixture() {
  const program = fixtureBinary('loop');
  const source = fixtureSource('loop', 'main.c');
  return { program, source, line: markerLine(source, 'LOOP_BODY') };
}

async function rewindLaunchMs(): Promise<number> {
  const { program, source, line } = loopFixture();
  const run = await launchToBreakpoint(program, ['1'], source, line);
  const elapsed = run.firstStopAt - run.startedAt;
  await run.client.stopSession();
  return elapsed;
}

function gdbLaunchMs(): number {
  const { program, source, line } = loopFixture();
  const run = runGdbScript(program, ['1'], [`break ${source}:${line}`, 'run', 'kill']);
  if (countGdbStops(run.stdout, `${line}`) < 1) throw new Error('gdb did not stop at the breakpoint');
  return run.wallMs;
}

export async function rewindStepMs(): Promise<number> {
  const { program, source, line } = loopFixture();
  const run = await launchToBreakpoint(program, [String(steps * 2)], source, line);
  try {
    await run.client.setLineBreakpoints(source, []);
    const threadId = run.firstStop.body.threadId ?? 0;
    const latencies: number[] = [];
    for (let i = 0; i < steps; i++) latencies.push(await timeToStop(run.client, 'next', { threadId }));
    return median(latencies);
  } finally {
    await run.client.stopSession();
  }
}

export function gdbStepMs(): number {
  const { program, source, line } = loopFixture();
  const base = [`break ${source}:${line}`, 'run', 'delete'];
  const without = runGdbScript(program, [String(steps * 2)], [...base, 'kill']).wallMs;
  const withSteps = runGdbScript(program, [String(steps * 2)], [...base, ...Array(steps).fill('next'), 'kill']).wallMs;
  return (withSteps - without) / steps;
}

async function rewindHitsPerSecond(): Promise<number> {
  const { program, source, line } = loopFixture();
  const run = await launchToBreakpoint(program, [String(loopHits)], source, line);
  try {
    const threadId = run.firstStop.body.threadId ?? 0;
    const started = nowMs();
    for (let hit = 1; hit < loopHits; hit++) await timeToStop(run.client, 'continue', { threadId });
    return (loopHits - 1) / ((nowMs() - started) / 1000);
  } finally {
    await run.client.stopSession();
  }
}

function gdbHitsPerSecond(): number {
  const { program, source, line } = loopFixture();
  const script = [`break ${source}:${line}`, 'run', 'set $n = 1', `while $n < ${loopHits}`, 'continue', 'set $n = $n + 1', 'end', 'kill'];
  const run = runGdbScript(program, [String(loopHits)], script);
  const hits = countGdbStops(run.stdout, `${line}`);
  if (hits !== loopHits) throw new Error(`gdb reported ${hits} hits, expected ${loopHits}`);
  return hits / (run.wallMs / 1000);
}

export async function foundationBench(): Promise<BenchRow[]> {
  const rewindLaunch: number[] = [];
  const gdbLaunch: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    rewindLaunch.push(await rewindLaunchMs());
    gdbLaunch.push(gdbLaunchMs());
  }
  const stepRewind = await rewindStepMs();
  const stepGdb = gdbStepMs();
  const hitsRewind = await rewindHitsPerSecond();
  const hitsGdb = gdbHitsPerSecond();
  return [
    {
      name: 'launch → first breakpoint stop',
      unit: 'ms',
      direction: 'lower',
      rewind: median(rewindLaunch),
      gdb: median(gdbLaunch),
      target: 443,
      targetNote: 'gdb over MI, peer-figures',
    },
    {
      name: '`next` → stopped (median)',
      unit: 'ms',
      direction: 'lower',
      rewind: stepRewind,
      gdb: stepGdb,
      target: 1.55,
      targetNote: 'gdb over MI; issue: < 20 ms',
    },
    {
      name: `breakpoint hit + continue (${loopHits})`,
      unit: 'hits/s',
      direction: 'higher',
      rewind: hitsRewind,
      gdb: hitsGdb,
      target: 577,
      targetNote: 'gdb over MI, peer-figures',
    },
  ];
}
