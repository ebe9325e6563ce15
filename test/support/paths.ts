// Where things are: the repository root, compiled fixtures and their sources,
// the helper binary and the bundled adapter. Tests run from out/tsc/test/, so
// the root is found by walking up to the folder that holds native/PROTOCOL.md.
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  let folder = start;
  for (;;) {
    if (fs.existsSync(path.join(folder, 'native', 'PROTOCOL.md'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no repository root (native/PROTOCOL.md) above ${start}`);
    folder = parent;
  }
}

export const repoRoot: string = findRepoRoot(__dirname);

export const fixturesOutput: string = path.join(repoRoot, 'out', 'fixtures');

/** The compiled fixture out/fixtures/<name>; throws when it was not built. */
export function fixtureBinary(name: string): string {
  const file = path.join(fixturesOutput, name);
  if (!fs.existsSync(file)) {
    throw new Error(`fixture ${name} is not built (${file}); run: node .ci/build-fixtures.mjs`);
  }
  return file;
}

/** The real path of a fixture's source file, test/fixtures/<name>/<file>. */
export function fixtureSource(name: string, file: string): string {
  return fs.realpathSync(path.join(repoRoot, 'test', 'fixtures', name, file));
}

/** The helper under test: $REWIND_HELPER, else out/native/rewind-helper. */
export const helperBinary: string = process.env.REWIND_HELPER ?? path.join(repoRoot, 'out', 'native', 'rewind-helper');

/** The debug adapter under test: $REWIND_ADAPTER, else the bundle out/adapter.js (run with node). */
export const adapterScript: string = process.env.REWIND_ADAPTER ?? path.join(repoRoot, 'out', 'adapter.js');

/** The bundled history language server, out/languageServer.js. */
export const languageServerScript: string = path.join(repoRoot, 'out', 'languageServer.js');

/** A path under the fixtures folder that certainly does not exist. */
export const missingProgram: string = path.join(fixturesOutput, 'does-not-exist');

/** True when both paths name the same file (after resolving links). */
export function sameFile(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  try {
    return fs.realpathSync(actual) === fs.realpathSync(expected);
  } catch {
    return path.resolve(actual) === path.resolve(expected);
  }
}
