// nativeRecordBench: the native recording engine (issue 16) against the
// program running on its own: a compute-bound sieve of about 1.4×10⁹
// instructions (callgrind count) and 100,000 one-byte write+read pairs on a
// pipe. Each is timed natively and through rewind-native-bench, which
// records it and then replays the recording, checked, from its first
// checkpoint. gdb's `record full` is not run here: at its measured ~15,000
// instructions per second (reverseBench) the compute program would take
// about a day.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fixtureBinary, repoRoot } from '../support/paths';
import { BenchRow, median } from './report';
import { nowMs } from './rewindDriver';

const computeRounds = '24';
const pipePairs = '100000';
const repeats = 3;

interface EngineFigures {
  recordMs: number;
  replayMs: number;
  events: number;
  syscalls: number;
  checkpointsTaken: number;
  checkpointsKept: number;
  checkpointForkMs: number;
  checkpointBytes: number;
}

function nativeMs(program: string, args: string[]): number {
  const started = nowMs();
  const run = spawnSync(program, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`${program} failed natively (${run.status})`);
  return nowMs() - started;
}

function engine(program: string, args: string[]): EngineFigures {
  const tool = path.join(repoRoot, 'out', 'native', 'rewind-native-bench');
  const run = spawnSync(tool, [program, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) throw new Error(`rewind-native-bench failed on ${program}: ${run.stderr}`);
  return JSON.parse(run.stdout) as EngineFigures;
}

function measure(program: string, args: string[]) {
  const native: number[] = [];
  const runs: EngineFigures[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    native.push(nativeMs(program, args));
    runs.push(engine(program, args));
  }
  return {
    nativeMs: median(native),
    recordMs: median(runs.map((run) => run.recordMs)),
    replayMs: median(runs.map((run) => run.replayMs)),
    last: runs[runs.length - 1],
  };
}

export async function nativeRecordBench(): Promise<BenchRow[]> {
  const compute = measure(fixtureBinary('natrec_compute-O2'), [computeRounds]);
  const pipe = measure(fixtureBinary('natrec_pipe-O2'), [pipePairs]);
  const recordedSeconds = compute.recordMs / 1000;
  return [
    {
      name: 'native record: compute-bound program (1.4×10⁹ insn), slowdown',
      unit: '×',
      direction: 'lower',
      rewind: compute.recordMs / compute.nativeMs,
      target: 1.2,
      targetNote: 'issue 16',
    },
    {
      name: 'native replay: compute-bound program, slowdown',
      unit: '×',
      direction: 'lower',
      rewind: compute.replayMs / compute.nativeMs,
    },
    {
      name: `native record: ${Number(pipePairs).toLocaleString('en')} pipe write+read pairs, slowdown`,
      unit: '×',
      direction: 'lower',
      rewind: pipe.recordMs / pipe.nativeMs,
      target: 20,
      targetNote: 'issue 16',
    },
    {
      name: 'native record: per recorded system call',
      unit: 'µs',
      direction: 'lower',
      rewind: ((pipe.recordMs - pipe.nativeMs) * 1000) / pipe.last.syscalls,
    },
    {
      name: 'native replay: per replayed system call',
      unit: 'µs',
      direction: 'lower',
      rewind: (pipe.replayMs * 1000) / pipe.last.syscalls,
    },
    {
      name: 'native record: checkpoint fork',
      unit: 'ms',
      direction: 'lower',
      rewind: compute.last.checkpointForkMs,
    },
    {
      name: 'native record: checkpoint memory per recorded second',
      unit: 'MB',
      direction: 'lower',
      rewind: compute.last.checkpointBytes / 1e6 / recordedSeconds,
    },
  ];
}
