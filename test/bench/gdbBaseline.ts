// gdbBaseline: runs gdb in batch mode on a fixture with a command script and
// measures its wall time, the peer every benchmark row is compared with.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface GdbRun {
  wallMs: number;
  stdout: string;
}

// Runs `gdb -batch -nx -x script program args…`; throws when gdb fails so a
// broken baseline never passes for a fast one.
export function runGdbScript(program: string, programArgs: string[], script: string[]): GdbRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-bench-gdb-'));
  const scriptPath = path.join(dir, 'commands.gdb');
  fs.writeFileSync(scriptPath, ['set pagination off', 'set confirm off', ...script, ''].join('\n'));
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync('gdb', ['-batch', '-nx', '-x', scriptPath, '--args', program, ...programArgs], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`gdb failed (${result.status}): ${result.stderr.slice(-2000)}`);
    return { wallMs, stdout: result.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// How many times gdb reported a breakpoint hit ("Breakpoint 1, main () at
// file.c:12") in its output; "Breakpoint 1 at 0x…" (the set message) is not one.
export function countGdbStops(stdout: string, location: string): number {
  return stdout.split('\n').filter((line) => /^Breakpoint \d+, /.test(line) && line.includes(location)).length;
}
