// gdb as the reference on the same program: runs a fixture under gdb in
// batch mode with one breakpoint (a function name or FILE:LINE) and records
// every stop to the program's end — the backtrace (function, file and line of
// each frame, inlined frames included, as gdb prints them) and `info args` /
// `info locals` of the top frame as gdb prints the values. gdb is a test
// dependency (.ci/setup.mjs installs it); without it the tests fail and say so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface GdbFrame {
  name: string;
  file: string;
  line: number;
}

export interface GdbStop {
  frames: GdbFrame[];
  /** The top frame's arguments and locals by name, each as gdb prints the value. */
  values: Map<string, string>;
}

const stopMark = '@@STOP';
const valuesMark = '@@VALUES';
const endMark = '@@END';

// `#1  0x000055555555508d in parse_text (capacity=0, ...) at /path/main.c:21`
// or, for an inlined frame or a stop at a line's start, without the address.
const framePattern = /^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at (\S+):(\d+)$/;
const valuePattern = /^(\w+) = (.*)$/;

function parseStop(block: string): GdbStop {
  const [backtrace, values = ''] = block.split(valuesMark);
  const frames: GdbFrame[] = [];
  for (const text of backtrace.split('\n')) {
    const match = framePattern.exec(text.trim());
    if (match) frames.push({ name: match[1], file: match[2], line: Number(match[3]) });
  }
  const byName = new Map<string, string>();
  for (const text of values.split('\n')) {
    const match = valuePattern.exec(text.trim());
    if (match && !byName.has(match[1])) byName.set(match[1], match[2]);
  }
  return { frames, values: byName };
}

/** Every stop gdb makes at `location` while `program` runs to its end. */
export function gdbStops(program: string, location: string): { stops: GdbStop[]; output: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-gdb-'));
  const script = path.join(folder, 'stops.gdb');
  fs.writeFileSync(
    script,
    [
      'set pagination off',
      'set width 0',
      'set confirm off',
      `break ${location}`,
      'commands 1',
      '  silent',
      `  echo ${stopMark}\\n`,
      '  bt',
      `  echo ${valuesMark}\\n`,
      '  info args',
      '  info locals',
      `  echo ${endMark}\\n`,
      '  continue',
      'end',
      'run',
      '',
    ].join('\n'),
  );
  let output: string;
  try {
    output = execFileSync('gdb', ['-batch', '-nx', '-x', script, program], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gdb is not installed (these tests compare with it)' : String(error);
    throw new Error(`gdb could not run ${program}: ${reason}`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const stops = output
    .split(stopMark)
    .slice(1)
    .map((block) => parseStop(block.split(endMark)[0]));
  return { stops, output };
}
