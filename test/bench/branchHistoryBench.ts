// branchHistoryBench: the Branch History panel's data on histories of about
// a million recorded instructions — the loop fixture (few calls, a taken
// branch every iteration) and the deep fixture (a recursion: tens of
// thousands of nested calls) recorded from main — through the adapter as
// the panel asks for it: opening (the first page of calls around the stop,
// which builds the branch index over the whole history) and then the page
// around any position (calls, instructions and branches centred on random
// positions). Targets from the issue: under 1 s to open, under 100 ms a page.
import { RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { BenchRow, median } from './report';
import { nowMs, timeToStop } from './rewindDriver';

const randomPages = 30;

interface Workload {
  name: string;
  fixture: string;
  args: string[];
  /** A line reached early (recording runs from there), and where it stops: marker lines plus offsets. */
  startAt: { marker: string; offset: number };
  stopAt: { marker: string; offset: number };
}

const workloads: Workload[] = [
  // About 6 instructions an iteration at -O0.
  { name: 'loop', fixture: 'loop', args: ['167000'], startAt: { marker: 'LOOP_BODY', offset: 0 }, stopAt: { marker: 'LOOP_DONE', offset: 0 } },
  // About 17 instructions a level, down and back up.
  { name: 'recursion', fixture: 'deep', args: ['59000'], startAt: { marker: 'DEEP_MAIN', offset: 0 }, stopAt: { marker: 'DEEP_MAIN', offset: 1 } },
];

async function timed<T>(client: RewindDebugClient, command: string, args: object): Promise<{ ms: number; body: T }> {
  const started = nowMs();
  const response = await client.send(command, args);
  return { ms: nowMs() - started, body: response.body as T };
}

async function measure(workload: Workload): Promise<BenchRow[]> {
  const program = fixtureBinary(workload.fixture);
  const source = fixtureSource(workload.fixture, 'main.c');
  const client = new RewindDebugClient(process.env, false); // timings: without the test-only schema check
  try {
    await client.startAdapter();
    const line = (at: { marker: string; offset: number }) => markerLine(source, at.marker) + at.offset;
    const { stopped } = await client.launchToStop({ program, args: workload.args, record: 'fromMain' } as never, [{ source, lines: [line(workload.startAt)] }]);
    await client.setLineBreakpoints(source, [line(workload.stopAt)]);
    await timeToStop(client, 'continue', { threadId: stopped.body.threadId ?? 0 }, 180_000);
    const info = (await client.send('recordingInfo', {})).body as { size: number; position: number };

    const open = await timed<{ total: number }>(client, 'callHistory', { atIndex: info.size - 1, count: 200 });
    const pages: number[] = [];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < randomPages; i++) {
      const atIndex = Math.floor(random() * info.size);
      const command = ['callHistory', 'instructionHistory', 'branchHistory'][i % 3];
      pages.push((await timed(client, command, { atIndex, count: 200 })).ms);
    }
    const search = await timed(client, 'callHistory', { query: 'main', atIndex: Math.floor(info.size / 2), count: 200 });
    const markers = await timed(client, 'historyMarkers', { buckets: 800 });
    const size = `${workload.name}: ${(info.size / 1e6).toFixed(2)}M instructions, ${open.body.total.toLocaleString('en-US')} calls`;
    return [
      { name: `branch history: open, first page (${size})`, unit: 'ms', direction: 'lower', rewind: open.ms, target: 1000, targetNote: 'issue' },
      {
        name: `branch history: page around a position, median (${workload.name})`,
        unit: 'ms',
        direction: 'lower',
        rewind: median(pages),
        target: 100,
        targetNote: 'issue',
      },
      {
        name: `branch history: page around a position, slowest (${workload.name})`,
        unit: 'ms',
        direction: 'lower',
        rewind: Math.max(...pages),
        target: 100,
        targetNote: 'issue',
      },
      { name: `branch history: first search by name (${workload.name})`, unit: 'ms', direction: 'lower', rewind: search.ms },
      { name: `timeline: markers of the whole history (${workload.name})`, unit: 'ms', direction: 'lower', rewind: markers.ms },
    ];
  } finally {
    await client.stopSession();
  }
}

export async function branchHistoryBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const workload of workloads) rows.push(...(await measure(workload)));
  return rows;
}
