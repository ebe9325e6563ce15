// Core dumps for the core-file tests: runs a fixture that crashes under gdb
// (`gdb -batch -ex run -ex 'generate-core-file PATH'`), which works whatever
// the kernel's core_pattern and ulimit say, and leaves the core in a fresh
// temporary folder. gdb is a test dependency (the benchmark uses it too);
// without it the tests fail and say so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CoreDump {
  /** The core file. */
  core: string;
  /** What gdb printed (the signal and where), for messages. */
  gdbOutput: string;
  remove(): void;
}

export function makeCoreDump(program: string, args: string[] = []): CoreDump {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-core-'));
  const core = path.join(folder, 'core');
  let gdbOutput = '';
  try {
    gdbOutput = execFileSync('gdb', ['-batch', '-nx', '-ex', 'run', '-ex', `generate-core-file ${core}`, '-ex', 'kill', '--args', program, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gdb is not installed (the core-file tests need it to make a core dump)' : String(error);
    throw new Error(`could not make a core dump of ${program}: ${reason}`);
  }
  if (!fs.existsSync(core)) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw new Error(`gdb wrote no core for ${program}; it said: ${gdbOutput}`);
  }
  return { core, gdbOutput, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}
