// A private copy of examples/ for one test, with its C and C++ programs
// built by their Makefiles (gcc/g++ -g -O0), so the workbench opens a folder
// whose binaries' debug information names the very files it shows, and the
// checkout is left untouched. Also finds lines in the examples' sources by
// their text, so tests never hard-code line numbers, and writes the launch
// configuration that records average.c from main.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/paths';

export const examplesSource: string = path.join(repoRoot, 'examples');

/** Example folders built for the tests (rust/ needs cargo and is left to `make` by hand). */
const builtFolders = ['c', 'cpp', 'race'];

export interface ExamplesWorkspace {
  folder: string;
  remove(): void;
}

export function makeExamplesWorkspace(): ExamplesWorkspace {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-e2e-examples-'));
  const folder = path.join(parent, 'examples');
  fs.cpSync(examplesSource, folder, {
    recursive: true,
    // Binaries built in the checkout stay there; the copy builds its own.
    filter: (source) => !/(\/target|\/c\/average|\/c\/crash|\/cpp\/inventory|\/race\/counter)$/.test(source),
  });
  for (const each of builtFolders) {
    try {
      execFileSync('make', ['-C', path.join(folder, each)], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`building examples/${each} failed:\n${output}`, { cause: error });
    }
  }
  return { folder, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

/** The 1-based line of the only line in `file` that contains `text`. */
export function lineContaining(file: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []));
  if (found.length !== 1) {
    throw new Error(`expected exactly one line containing ${JSON.stringify(text)} in ${file}, found ${found.length}`);
  }
  return found[0];
}

/** Makes "record examples/c/average from main" the configuration F5 starts in `folder`. */
export function recordAverageFromMain(folder: string): void {
  const launch = {
    version: '0.2.0',
    configurations: [
      {
        type: 'rewind',
        request: 'launch',
        name: 'C: average, recorded (step back)',
        program: '${workspaceFolder}/c/average',
        cwd: '${workspaceFolder}/c',
        record: 'fromMain',
      },
    ],
  };
  fs.writeFileSync(path.join(folder, '.vscode', 'launch.json'), `${JSON.stringify(launch, null, 2)}\n`);
}
