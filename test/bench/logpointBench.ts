// logpointBench: a logpoint hit 100,000 times in a loop (issue 17: the
// kernel writes its values to a BPF ring buffer and the program never
// stops; every line must be printed) — the whole run over DAP, beside gdb's
// dprintf on the same fixture in the same run. Both runs count the lines
// they printed and fail when one is missing. A second row subtracts the
// same run without the logpoint (for gdb, without the dprintf).
import { loopFixture, rewindConditionalMs, rewindLoopRunMs } from './controlBench';
import { runGdbScript } from './gdbBaseline';
import { BenchRow } from './report';

const hits = 100000;

function countLines(text: string): number {
  return text.split('\n').filter((line) => /^i=\d+$/.test(line)).length;
}

async function rewindLogpointMs(): Promise<number> {
  return rewindLoopRunMs(hits, { logMessage: 'i={i}' }, (client) => {
    const printed = countLines(client.outputText('console'));
    if (printed !== hits) throw new Error(`Rewind printed ${printed} of ${hits} logpoint lines`);
  });
}

function gdbDprintfMs(): { withDprintf: number; plain: number } {
  const { program, source, line } = loopFixture();
  const run = runGdbScript(program, [String(hits)], [`dprintf ${source}:${line},"i=%ld\\n",i`, 'run']);
  const printed = countLines(run.stdout);
  if (printed !== hits) throw new Error(`gdb printed ${printed} of ${hits} dprintf lines`);
  return { withDprintf: run.wallMs, plain: runGdbScript(program, [String(hits)], ['run']).wallMs };
}

export async function logpointBench(): Promise<BenchRow[]> {
  const rewind = await rewindLogpointMs();
  const rewindPlain = await rewindConditionalMs(hits, null);
  const gdb = gdbDprintfMs();
  return [
    {
      name: `logpoint hit ${hits.toLocaleString('en-US')} times, every line printed (whole run; gdb: dprintf)`,
      unit: 'ms',
      direction: 'lower',
      rewind,
      gdb: gdb.withDprintf,
      target: 1000,
      targetNote: 'issue 17: ≤ 1 s, values written by the kernel to a ring buffer',
    },
    {
      name: `logpoint hit ${hits.toLocaleString('en-US')} times: time it adds to the same run without it`,
      unit: 'ms',
      direction: 'lower',
      rewind: rewind - rewindPlain,
      gdb: gdb.withDprintf - gdb.plain,
      targetNote: 'issue 17: what the logpoint itself costs (the whole run includes starting the adapter and the program)',
    },
  ];
}
