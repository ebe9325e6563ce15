// Builds everything Rewind ships and tests with: first a check that the code
// generated from the helper protocol's schema is up to date
// (.ci/protocol.mjs --check), then the native helper (CMake,
// incremental, into out/native), the TypeScript type check and emit (tsc, into
// out/tsc), the esbuild bundles out/adapter.js, out/extension.js,
// out/languageServer.js and the
// webview panels' scripts out/webview/*.js, and the test fixtures
// (.ci/build-fixtures.mjs, when present). Stops at the first failing step
// and names it; `--keep-going` runs every step and lists all failures at the
// end.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const keepGoing = process.argv.includes('--keep-going');
const out = (...parts) => path.join(repoRoot, 'out', ...parts);

class StepFailure extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.error) {
    throw new StepFailure(`${command} could not be started: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new StepFailure(`${path.basename(command)} exited with ${result.status ?? result.signal}`);
  }
}

function checkProtocol() {
  run(process.execPath, [path.join(repoRoot, '.ci', 'protocol.mjs'), '--check']);
}

function buildNative() {
  if (!existsSync(path.join(repoRoot, 'native', 'CMakeLists.txt'))) {
    throw new StepFailure('native/CMakeLists.txt is missing');
  }
  if (!existsSync(out('native', 'CMakeCache.txt'))) {
    run('cmake', ['-S', 'native', '-B', 'out/native', '-DCMAKE_BUILD_TYPE=RelWithDebInfo']);
  }
  run('cmake', ['--build', 'out/native', '-j2']);
}

function typeCheck() {
  const tsc = require.resolve('typescript/bin/tsc');
  run(process.execPath, [tsc, '-p', '.']);
}

async function bundle() {
  const esbuild = require('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  };
  const bundles = [
    { entry: 'adapter/src/main.ts', outfile: 'out/adapter.js', external: [] },
    { entry: 'extension/src/extension.ts', outfile: 'out/extension.js', external: ['vscode', 'node-pty'] },
    { entry: 'lsp/src/server.ts', outfile: 'out/languageServer.js', external: [] },
  ];
  const problems = [];
  for (const { entry, outfile, external } of bundles) {
    if (!existsSync(path.join(repoRoot, entry))) {
      problems.push(`${entry} is missing`);
      continue;
    }
    try {
      await esbuild.build({ ...common, entryPoints: [entry], outfile, external });
    } catch {
      // esbuild has already printed its messages (logLevel warning).
      problems.push(`esbuild failed on ${entry}`);
    }
  }
  // The webview panels' scripts run in the webview (a browser), not in Node.
  for (const panel of ['branchHistory', 'timeline']) {
    const entry = `extension/src/panels/webview/${panel}View.ts`;
    try {
      await esbuild.build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: [entry], outfile: `out/webview/${panel}.js` });
    } catch {
      problems.push(`esbuild failed on ${entry}`);
    }
  }
  if (problems.length > 0) {
    throw new StepFailure(problems.join('; '));
  }
}

function buildFixtures() {
  const script = path.join(repoRoot, '.ci', 'build-fixtures.mjs');
  if (!existsSync(script)) {
    console.log('build: (no .ci/build-fixtures.mjs yet; skipping fixtures)');
    return;
  }
  run(process.execPath, [script]);
}

const steps = [
  ['protocol code generated from native/protocol/helper-protocol.schema.json (.ci/protocol.mjs --check)', checkProtocol],
  ['native helper (cmake)', buildNative],
  ['TypeScript type check (tsc -p .)', typeCheck],
  ['bundles (esbuild: out/adapter.js, out/extension.js, out/languageServer.js, out/webview/*.js)', bundle],
  ['test fixtures (.ci/build-fixtures.mjs)', buildFixtures],
];

const failures = [];
for (const [name, step] of steps) {
  const started = Date.now();
  console.log(`build: ${name} ...`);
  try {
    await step();
    console.log(`build: ${name} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const reason = error instanceof StepFailure ? error.message : (error?.stack ?? String(error));
    console.error(`build: FAILED at step "${name}": ${reason}`);
    failures.push(name);
    if (!keepGoing) break;
  }
}
if (failures.length > 0) {
  console.error(`build: failed step${failures.length > 1 ? 's' : ''}: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('build: all steps done');
