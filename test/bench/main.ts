// The benchmark (`npm run bench`): every capability measured beside gdb in
// the same run, printed as a table with ratios and the targets to beat.
// Targets live here, never in tests.
import { branchHistoryBench } from './branchHistoryBench';
import { controlBench } from './controlBench';
import { foundationBench } from './foundationBench';
import { inspectionBench } from './inspectionBench';
import { logpointBench } from './logpointBench';
import { nativeRecordBench, nativeReverseBench } from './nativeRecordBench';
import { BenchRow, meetsTarget, printTable } from './report';
import { reverseBench } from './reverseBench';

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  rows.push(...(await foundationBench()));
  rows.push(...(await controlBench()));
  rows.push(...(await logpointBench()));
  rows.push(...(await inspectionBench()));
  rows.push(...(await reverseBench()));
  rows.push(...(await branchHistoryBench()));
  rows.push(...(await nativeRecordBench()));
  rows.push(...(await nativeReverseBench()));
  printTable(rows);
  const missed = rows.filter((row) => meetsTarget(row) === false);
  console.log(
    missed.length === 0 ? '\nEvery row meets its target.' : `\n${missed.length} row(s) miss their target: ${missed.map((row) => row.name).join('; ')}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
