// rows: runs chosen rows of the benchmark alone, each beside gdb, for a
// quick figure or a bisection (`node out/tsc/test/bench/rows.js next
// evaluate fallback nativeloop`); `npm run bench` runs them all.
import { gdbFallbackMicrosPerPass, rewindFallbackMicrosPerPass } from './controlBench';
import { gdbStepMs, rewindStepMs } from './foundationBench';
import { gdbEvaluationsMs, rewindEvaluationsMs } from './inspectionBench';
import { nativeLongLoopRow } from './nativeRecordBench';
import { BenchRow, printTable } from './report';

const rows: Record<string, () => Promise<BenchRow>> = {
  next: async () => ({ name: '`next` → stopped (median)', unit: 'ms', direction: 'lower', rewind: await rewindStepMs(), gdb: gdbStepMs() }),
  evaluate: async () => ({
    name: 'evaluate a member expression ×10,000',
    unit: 'ms',
    direction: 'lower',
    rewind: await rewindEvaluationsMs(),
    gdb: gdbEvaluationsMs(),
    target: 100,
  }),
  fallback: async () => ({
    name: 'condition judged by the debugger (ptrace fallback), per pass',
    unit: 'µs',
    direction: 'lower',
    rewind: await rewindFallbackMicrosPerPass(),
    gdb: gdbFallbackMicrosPerPass(),
    target: 20,
  }),
  nativeloop: nativeLongLoopRow,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in rows));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`name the rows to run, from: ${Object.keys(rows).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  const measured: BenchRow[] = [];
  for (const name of names) measured.push(await rows[name]());
  printTable(measured);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
