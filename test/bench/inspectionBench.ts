// inspectionBench: what a stop shows, at scale — a page of 1,000 children
// of a 10,000,000-element std::vector, `variables` of a frame with 5,000
// locals, the first 20 frames of a 100,000-deep recursion, and a member
// expression evaluated 10,000 times — Rewind over DAP beside gdb -batch
// doing the same (print with `print elements 1000`, info locals, bt 20,
// print) on the same fixtures, in the same run. gdb's figure for a command
// is its run with the command repeated minus the same run without it.
import { DebugProtocol } from '@vscode/debugprotocol';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { markerLine } from '../support/markers';
import { runGdbScript } from './gdbBaseline';
import { BenchRow, median } from './report';
import { launchToBreakpoint, nowMs, RewindRun } from './rewindDriver';

const repetitions = 10;
const evaluations = 10_000;
const recursionDepth = 100_000;

interface Stop {
  program: string;
  args: string[];
  source: string;
  line: number;
}

function stopAt(fixture: string, file: string, marker: string, args: string[] = []): Stop {
  const source = fixtureSource(fixture, file);
  return { program: fixtureBinary(fixture), args, source, line: markerLine(source, marker) };
}

const vectorStop = () => stopAt('cpp_types', 'main.cpp', 'CPP_MAIN');
const manyStop = () => stopAt('many_values', 'main.c', 'MANY_MAIN');
const deepStop = () => stopAt('deep', 'main.c', 'DEEP_BOTTOM', [String(recursionDepth)]);

/** Runs `body` at the stop, with the adapter always ended afterwards. */
async function atStop<T>(stop: Stop, body: (run: RewindRun, frameId: number) => Promise<T>): Promise<T> {
  const run = await launchToBreakpoint(stop.program, stop.args, stop.source, stop.line);
  try {
    const frame = await run.client.topFrame(run.firstStop.body.threadId ?? 0);
    return await body(run, frame.id);
  } finally {
    await run.client.stopSession();
  }
}

async function scopeReference(run: RewindRun, frameId: number, name: string): Promise<number> {
  const scope = (await run.client.scopesRequest({ frameId })).body.scopes.find((candidate) => candidate.name === name);
  if (!scope) throw new Error(`no ${name} scope`);
  return scope.variablesReference;
}

/** The median time of `repetitions` calls of `request` (after one untimed call), each checked by `check`. */
async function medianOf<T>(request: (repetition: number) => Promise<T>, check: (answer: T) => void): Promise<number> {
  check(await request(0));
  const times: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const started = nowMs();
    const answer = await request(repetition);
    times.push(nowMs() - started);
    check(answer);
  }
  return median(times);
}

async function rewindVectorPageMs(): Promise<number> {
  return atStop(vectorStop(), async (run, frameId) => {
    const locals = (await run.client.variablesRequest({ variablesReference: await scopeReference(run, frameId, 'Locals') })).body.variables;
    const vector = locals.find((variable) => variable.name === 'big_vector');
    if (!vector || vector.indexedVariables !== 10_000_000) throw new Error('big_vector is not a 10,000,000-element vector');
    return medianOf(
      (repetition) =>
        run.client.variablesRequest({ variablesReference: vector.variablesReference, filter: 'indexed', start: repetition * 999_000, count: 1000 }),
      (answer) => {
        if (answer.body.variables.length !== 1000) throw new Error(`a page of ${answer.body.variables.length} children`);
      },
    );
  });
}

async function rewindLocalsMs(): Promise<number> {
  return atStop(manyStop(), async (run, frameId) => {
    const reference = await scopeReference(run, frameId, 'Locals');
    return medianOf(
      () => run.client.variablesRequest({ variablesReference: reference }),
      (answer) => {
        if (answer.body.variables.length < 5000) throw new Error(`only ${answer.body.variables.length} locals`);
      },
    );
  });
}

async function rewindDeepStackMs(): Promise<number> {
  return atStop(deepStop(), async (run) => {
    const threadId = run.firstStop.body.threadId ?? 0;
    return medianOf(
      () => run.client.stackTraceRequest({ threadId, startFrame: 0, levels: 20 }),
      (answer) => {
        if (answer.body.stackFrames.length !== 20) throw new Error(`${answer.body.stackFrames.length} frames`);
      },
    );
  });
}

export async function rewindEvaluationsMs(): Promise<number> {
  return atStop(manyStop(), async (run, frameId) => {
    const args: DebugProtocol.EvaluateArguments = { expression: 'record.inner.weight', frameId, context: 'watch' };
    const started = nowMs();
    for (let index = 0; index < evaluations; index++) {
      const answer = await run.client.evaluateRequest(args);
      if (answer.body.result !== '42') throw new Error(`record.inner.weight is ${answer.body.result}`);
    }
    return nowMs() - started;
  });
}

/** gdb's time for `commands` run `times` times at the stop: with them minus without them. */
function gdbCommandsMs(stop: Stop, setup: string[], commands: string[], times: number, expect: (stdout: string) => void): number {
  const base = [`break ${stop.source}:${stop.line}`, 'run', ...setup];
  const without = runGdbScript(stop.program, stop.args, [...base, 'kill']).wallMs;
  const repeated: string[] = [];
  for (let index = 0; index < times; index++) repeated.push(...commands);
  const run = runGdbScript(stop.program, stop.args, [...base, ...repeated, 'kill']);
  expect(run.stdout);
  return Math.max(run.wallMs - without, 0);
}

function gdbVectorPageMs(): number {
  return (
    gdbCommandsMs(vectorStop(), ['set print elements 1000'], ['print big_vector'], repetitions, (stdout) => {
      if (!stdout.includes('std::vector of length 10000000')) throw new Error('gdb did not print big_vector through its pretty printer');
    }) / repetitions
  );
}

function gdbLocalsMs(): number {
  return (
    gdbCommandsMs(manyStop(), [], ['info locals'], repetitions, (stdout) => {
      if (!stdout.includes('l4999 = 14999')) throw new Error('gdb did not list the 5,000 locals');
    }) / repetitions
  );
}

function gdbDeepStackMs(): number {
  // One `bt 20` is quick beside gdb's start: many of them, for a time above the noise.
  const times = 500;
  return (
    gdbCommandsMs(deepStop(), [], ['bt 20'], times, (stdout) => {
      const shown = stdout.split('\n').filter((line) => line.startsWith('#19 ')).length;
      if (shown !== times) throw new Error(`gdb showed 20 frames ${shown} times, expected ${times}`);
    }) / times
  );
}

export function gdbEvaluationsMs(): number {
  return gdbCommandsMs(manyStop(), [], ['print record.inner.weight'], evaluations, (stdout) => {
    const printed = stdout.split('\n').filter((line) => /^\$\d+ = 42$/.test(line)).length;
    if (printed !== evaluations) throw new Error(`gdb printed ${printed} values, expected ${evaluations}`);
  });
}

export async function inspectionBench(): Promise<BenchRow[]> {
  const target = 100;
  const targetNote = 'issue';
  return [
    {
      name: 'variables: 1,000 children of a 10M-element vector',
      unit: 'ms',
      direction: 'lower',
      rewind: await rewindVectorPageMs(),
      gdb: gdbVectorPageMs(),
      target,
      targetNote,
    },
    { name: 'variables: frame with 5,000 locals', unit: 'ms', direction: 'lower', rewind: await rewindLocalsMs(), gdb: gdbLocalsMs(), target, targetNote },
    {
      name: 'stackTrace: first 20 of 100,000 frames',
      unit: 'ms',
      direction: 'lower',
      rewind: await rewindDeepStackMs(),
      gdb: gdbDeepStackMs(),
      target,
      targetNote,
    },
    {
      name: `evaluate a member expression ×${evaluations.toLocaleString('en')}`,
      unit: 'ms',
      direction: 'lower',
      rewind: await rewindEvaluationsMs(),
      gdb: gdbEvaluationsMs(),
      target,
      targetNote,
    },
  ];
}
