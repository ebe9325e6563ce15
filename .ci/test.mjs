// Runs every test after a build: the format check (.ci/format.mjs --check),
// the native unit tests through ctest, then the
// TypeScript tests (compiled to out/tsc/test) through node's test runner, one
// file at a time. Test files are the compiled *.test.ts (also *_test, *-test,
// test-*) whose source still exists under test/; helpers such as test/support
// and the benchmark in test/bench are not test files. Node's runner prints
// last, so its summary closes the output. Before them it installs the real VS
// Code the end-to-end tests in test/e2e drive (test/e2e/tools/installVsCode.mjs;
// quick once done). Exits non-zero if any part fails.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsCode } from '../test/e2e/tools/installVsCode.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiledTests = path.join(repoRoot, 'out', 'tsc', 'test');
const testFileName = /(\.test|[-_]test)\.js$|^test-.*\.js$/;

function findTestFiles(directory) {
  if (!existsSync(directory)) return [];
  const found = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') found.push(...findTestFiles(full));
    } else if (entry.isFile() && testFileName.test(entry.name)) {
      // Skip output left behind by a test source that has since been deleted.
      const source = path.join(repoRoot, path.relative(path.join(repoRoot, 'out', 'tsc'), full)).replace(/\.js$/, '.ts');
      if (existsSync(source)) found.push(full);
    }
  }
  return found.sort();
}

function run(command, args) {
  console.log(`test: $ ${[path.basename(command), ...args.map((a) => path.relative(repoRoot, a) || a)].join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    console.error(`test: ${command} could not be started: ${result.error.message}`);
    return false;
  }
  return result.status === 0;
}

// The sources are formatted as .prettierrc.json and native/.clang-format say (npm run format).
const formatOk = run(process.execPath, [path.join(repoRoot, '.ci', 'format.mjs'), '--check']);

const nativeOk = run('ctest', ['--test-dir', 'out/native', '--output-on-failure']);

let e2eToolsOk = true;
try {
  installVsCode();
} catch (error) {
  console.error(`test: installing the end-to-end tools failed, so the tests in test/e2e will fail: ${error.message}`);
  e2eToolsOk = false;
}

const testFiles = findTestFiles(compiledTests);
let typescriptOk = false;
if (testFiles.length === 0) {
  console.error('test: no compiled TypeScript test files (*.test.js) under out/tsc/test; did the build run?');
} else {
  if (!nativeOk) console.error('test: native unit tests FAILED (see ctest output above); running the TypeScript tests anyway');
  typescriptOk = run(process.execPath, ['--test', '--test-concurrency=1', ...testFiles]);
}

if (!formatOk) console.error('test: the format check FAILED (see above); run: npm run format');
if (!nativeOk || !typescriptOk || !e2eToolsOk || !formatOk) {
  process.exitCode = 1;
}
