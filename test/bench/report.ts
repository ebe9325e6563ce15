// report: the benchmark's table — each row Rewind beside gdb (same run),
// the ratio, and the target from the issue or the better DAP peer.
export type Direction = 'lower' | 'higher';

export interface BenchRow {
  name: string;
  unit: string;
  direction: Direction; // which way is better
  rewind: number;
  gdb?: number;
  // The figure to beat (peer-figures.md or the issue), when there is one.
  target?: number;
  targetNote?: string;
}

function format(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function meetsTarget(row: BenchRow): boolean | undefined {
  const bounds: number[] = [];
  if (row.gdb !== undefined) bounds.push(row.gdb);
  if (row.target !== undefined) bounds.push(row.target);
  if (bounds.length === 0) return undefined;
  return bounds.every((bound) => (row.direction === 'lower' ? row.rewind <= bound : row.rewind >= bound));
}

export function printTable(rows: BenchRow[]): void {
  const header = ['measure', 'Rewind', 'gdb', 'Rewind/gdb', 'target', 'met'];
  const lines = rows.map((row) => {
    const ratio = row.gdb ? (row.rewind / row.gdb).toFixed(2) : '—';
    const met = meetsTarget(row);
    return [
      row.name,
      format(row.rewind, row.unit),
      format(row.gdb, row.unit),
      ratio,
      row.target !== undefined
        ? `${row.direction === 'lower' ? '≤' : '≥'} ${format(row.target, row.unit)}${row.targetNote ? ` (${row.targetNote})` : ''}`
        : '—',
      met === undefined ? '—' : met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((_, column) => Math.max(header[column].length, ...lines.map((line) => line[column].length)));
  const render = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(render(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(render(line));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
