// Copies a fixture program to a fresh temporary folder, so a test can ask
// "does any process still run this executable?" without seeing the processes
// of other tests that run the same fixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ScratchCopy {
  program: string;
  remove(): void;
}

export function scratchCopy(program: string): ScratchCopy {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-test-'));
  const copy = path.join(folder, path.basename(program));
  fs.copyFileSync(program, copy);
  fs.chmodSync(copy, 0o755);
  return {
    program: copy,
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}
