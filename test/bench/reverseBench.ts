// reverseBench: the recorder and reverse execution (issue "Reverse
// execution") beside gdb's `record full` on the same loop fixture, in the
// same run: instructions recorded per second, bytes of memory per recorded
// instruction, reverse-continue back over the whole history, and the
// latency of one reverse-next. A second Rewind run records about a million
// instructions for the reverse-continue target of the issue.
import { RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { runGdbScript } from './gdbBaseline';
import { BenchRow, median } from './report';
import { nowMs, timeToStop } from './rewindDriver';

// About 7 instructions an iteration at -O0.
const comparedIterations = 20000;
const millionIterations = 150000;
const reverseNexts = 20;

interface RecordingFigures {
  instructions: number;
  perSecond: number;
  bytesPerInstruction: number;
  reverseContinueMs: number;
  reverseNextMs: number;
}

function loopFixture() {
  const program = fixtureBinary('loop');
  const source = fixtureSource('loop', 'main.c');
  return { program, source, body: markerLine(source, 'LOOP_BODY'), done: markerLine(source, 'LOOP_DONE') };
}

async function rewindRecording(iterations: number): Promise<RecordingFigures> {
  const { program, source, body, done } = loopFixture();
  const client = new RewindDebugClient(process.env, false); // timings: without the test-only schema check
  try {
    await client.startAdapter();
    const { stopped } = await client.launchToStop({ program, args: [String(iterations)] }, [{ source, lines: [body] }]);
    const threadId = stopped.body.threadId ?? 0;
    await client.send('startRecording', {});
    await client.setLineBreakpoints(source, [done]);
    const recordMs = await timeToStop(client, 'continue', { threadId }, 600_000);
    const info = (await client.send('recordingInfo', {})).body as { size: number; memoryBytes: number };
    await client.setLineBreakpoints(source, []);
    const reverseContinueMs = await timeToStop(client, 'reverseContinue', { threadId }, 60_000);
    await client.send('travelTo', { index: info.size });
    await client.waitForStopped();
    const nexts: number[] = [];
    for (let step = 0; step < reverseNexts; step++) nexts.push(await timeToStop(client, 'stepBack', { threadId }));
    return {
      instructions: info.size,
      perSecond: info.size / (recordMs / 1000),
      bytesPerInstruction: info.memoryBytes / info.size,
      reverseContinueMs,
      reverseNextMs: median(nexts),
    };
  } finally {
    await client.stopSession();
  }
}

/** gdb's figures for the same recording; phases timed inside gdb with its Python. */
function gdbRecording(iterations: number): RecordingFigures {
  const { program, source, body, done } = loopFixture();
  const mark = (name: string) => `python print("BENCH %s %.6f" % ("${name}", time.monotonic()))`;
  const rss = (name: string) => `python print("BENCH %s %d" % ("${name}", int([l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1])))`;
  const script = [
    'python import time',
    `break ${source}:${body}`,
    'run',
    'delete',
    'record full',
    'set record full insn-number-max unlimited',
    `break ${source}:${done}`,
    rss('rss-before'),
    mark('record-start'),
    'continue',
    mark('record-end'),
    rss('rss-after'),
    'info record',
    'delete',
    mark('rc-start'),
    'reverse-continue',
    mark('rc-end'),
    'record goto end',
    ...Array.from({ length: reverseNexts }, (_, index) => [mark(`rn-start-${index}`), 'reverse-next', mark(`rn-end-${index}`)]).flat(),
    'kill',
  ];
  const run = runGdbScript(program, [String(iterations)], script);
  const figures = new Map<string, number>();
  for (const line of run.stdout.split('\n')) {
    const found = /^BENCH (\S+) ([\d.]+)$/.exec(line);
    if (found) figures.set(found[1], Number(found[2]));
  }
  const instructions = Number(/Log contains (\d+) instructions/.exec(run.stdout)?.[1] ?? NaN);
  const seconds = (from: string, to: string) => {
    const start = figures.get(from);
    const end = figures.get(to);
    if (start === undefined || end === undefined) throw new Error(`gdb did not print ${from}/${to}: ${run.stdout.slice(-1500)}`);
    return end - start;
  };
  if (!Number.isFinite(instructions)) throw new Error(`gdb did not say how many instructions it recorded: ${run.stdout.slice(-1500)}`);
  const nexts = Array.from({ length: reverseNexts }, (_, index) => seconds(`rn-start-${index}`, `rn-end-${index}`) * 1000);
  return {
    instructions,
    perSecond: instructions / seconds('record-start', 'record-end'),
    bytesPerInstruction: (seconds('rss-before', 'rss-after') * 1024) / instructions,
    reverseContinueMs: seconds('rc-start', 'rc-end') * 1000,
    reverseNextMs: median(nexts),
  };
}

export async function reverseBench(): Promise<BenchRow[]> {
  const rewind = await rewindRecording(comparedIterations);
  const gdb = gdbRecording(comparedIterations);
  const million = await rewindRecording(millionIterations);
  const size = `${Math.round(rewind.instructions / 1000)}k instructions`;
  return [
    {
      name: `record: instructions per second (${size})`,
      unit: 'insn/s',
      direction: 'higher',
      rewind: rewind.perSecond,
      gdb: gdb.perSecond,
      target: 2 * gdb.perSecond,
      targetNote: '2× gdb',
    },
    {
      name: 'record: memory per instruction',
      unit: 'B',
      direction: 'lower',
      rewind: rewind.bytesPerInstruction,
      gdb: gdb.bytesPerInstruction,
      target: gdb.bytesPerInstruction / 8,
      targetNote: '1/8 of gdb',
    },
    {
      name: `reverse-continue over the history (${size})`,
      unit: 'ms',
      direction: 'lower',
      rewind: rewind.reverseContinueMs,
      gdb: gdb.reverseContinueMs,
    },
    {
      name: `reverse-continue over ${(million.instructions / 1e6).toFixed(2)}M instructions`,
      unit: 'ms',
      direction: 'lower',
      rewind: million.reverseContinueMs,
      target: 500,
      targetNote: 'issue; gdb about 3,900 ms',
    },
    {
      name: 'reverse-next latency',
      unit: 'ms',
      direction: 'lower',
      rewind: rewind.reverseNextMs,
      gdb: gdb.reverseNextMs,
    },
  ];
}
