// Formats the source tree with its configured formatters: prettier
// (.prettierrc.json) for TypeScript, JavaScript and JSON, clang-format
// (native/.clang-format) for the helper's C++. `node .ci/format.mjs` (npm
// run format) rewrites the files; `--check` (run by .ci/test.mjs) changes
// nothing and fails naming the files that are not formatted. Files are the
// ones git tracks (and new ones it does not ignore); fixtures, which are
// test inputs, and the files .ci/protocol.mjs generates are left alone.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedPaths } from './protocol.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const check = process.argv.includes('--check');

function sourceFiles() {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const generated = new Set(generatedPaths);
  return listed.stdout
    .split('\0')
    .filter((file) => file !== '' && !file.startsWith('test/fixtures/') && !file.startsWith('node_modules') && !generated.has(file));
}

async function prettierProblems(files) {
  const prettier = require('prettier');
  const problems = [];
  for (const file of files.filter((name) => /\.(ts|mjs|js|json)$/.test(name) && name !== 'package-lock.json')) {
    const full = path.join(repoRoot, file);
    const text = readFileSync(full, 'utf8');
    const options = { ...((await prettier.resolveConfig(full)) ?? {}), filepath: full };
    const formatted = await prettier.format(text, options);
    if (formatted === text) continue;
    if (check) problems.push(file);
    else writeFileSync(full, formatted);
  }
  return problems;
}

// The tree is formatted with clang-format 14 (Debian 12's). Other major
// versions format some constructs differently, so the C++ check needs that
// one: clang-format-14 where it is installed beside a newer default, else
// clang-format when it is 14. With neither, C++ files are neither checked
// nor rewritten, and a line says why (prettier, pinned on npm, always runs).
const clangFormatMajor = 14;

function clangFormatCommand() {
  for (const command of [`clang-format-${clangFormatMajor}`, 'clang-format']) {
    const version = spawnSync(command, ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) continue;
    const major = Number(/version (\d+)\./.exec(version.stdout)?.[1]);
    if (major === clangFormatMajor) return { command };
    if (command === 'clang-format') return { missing: `this machine's clang-format is version ${major}` };
  }
  return { missing: 'clang-format is not installed (.ci/setup.mjs installs it)' };
}

function clangFormatProblems(files) {
  const native = files.filter((name) => name.startsWith('native/') && /\.(cc|h)$/.test(name));
  const { command, missing } = clangFormatCommand();
  if (!command) {
    console.log(`format: C++ files not ${check ? 'checked' : 'formatted'}: they follow clang-format ${clangFormatMajor}, and ${missing}`);
    return [];
  }
  const problems = [];
  for (const file of native) {
    const full = path.join(repoRoot, file);
    const result = spawnSync(command, ['--style=file', full], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(`${command} could not be run (${result.error.message})`);
    if (result.status !== 0) throw new Error(`${command} failed on ${file}: ${result.stderr}`);
    if (result.stdout === readFileSync(full, 'utf8')) continue;
    if (check) problems.push(file);
    else writeFileSync(full, result.stdout);
  }
  return problems;
}

const files = sourceFiles();
const problems = [...(await prettierProblems(files)), ...clangFormatProblems(files)];
if (problems.length > 0) {
  console.error(`format: ${problems.length} file${problems.length > 1 ? 's are' : ' is'} not formatted; run: npm run format`);
  for (const file of problems) console.error(`  ${file}`);
  process.exit(1);
}
console.log(check ? 'format: every file is formatted' : `format: formatted ${files.length} files`);
