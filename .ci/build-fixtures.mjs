// Builds the test fixtures: the C, C++ and Rust programs under
// test/fixtures/<name>/ are compiled with gcc (g++ for C++, rustc -g
// -C opt-level=0 for Rust) into out/fixtures/<name> (-g -O0), some
// also into out/fixtures/<name>-O2 (-g -O2); plus the bad-input files that
// launch tests use. An output newer than all of its inputs is left alone (pass --force to
// rebuild everything). Run directly (`node .ci/build-fixtures.mjs`) or import
// buildFixtures() from another build script.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = path.join(repoRoot, 'test', 'fixtures');
const outputRoot = path.join(repoRoot, 'out', 'fixtures');

const debugFlags = ['-g', '-O0'];
const optimizedFlags = ['-g', '-O2'];

// Each target: the file it makes, the sources compiled into it (relative to
// test/fixtures), extra inputs whose change forces a rebuild, compiler flags,
// and the compiler (gcc unless the target says g++ or rustc). Inputs are
// relative to test/fixtures unless absolute.
function targets() {
  const multifileSources = ['main.c', 'math_ops.c', 'shapes.c', 'text_ops.c', 'only_comments.c'].map((file) => `multifile/${file}`);
  const multifileHeaders = ['math_ops.h', 'shapes.h', 'text_ops.h'].map((file) => `multifile/${file}`);
  const greetLibrary = 'librewind_greet.so';
  return [
    { output: 'multifile', sources: multifileSources, inputs: multifileHeaders, flags: debugFlags },
    { output: 'multifile-O2', sources: multifileSources, inputs: multifileHeaders, flags: optimizedFlags },
    { output: 'loop', sources: ['loop/main.c'], flags: debugFlags },
    { output: 'loop-O2', sources: ['loop/main.c'], flags: optimizedFlags },
    { output: 'optimized', sources: ['optimized/main.c'], flags: debugFlags },
    { output: 'optimized-O2', sources: ['optimized/main.c'], flags: optimizedFlags },
    { output: 'printing', sources: ['printing/main.c', 'printing/table.c'], flags: debugFlags },
    { output: 'printing_cpp', sources: ['printing/types.cpp'], flags: debugFlags, compiler: 'g++' },
    { output: 'conditions', sources: ['conditions/main.c'], flags: debugFlags },
    { output: 'crash', sources: ['crash/main.c'], flags: debugFlags },
    { output: 'inspect', sources: ['inspect/main.c'], flags: debugFlags },
    { output: 'spin', sources: ['spin/main.c'], flags: debugFlags },
    { output: 'sigfpe', sources: ['sigfpe/main.c'], flags: debugFlags },
    { output: 'sigusr1', sources: ['sigusr1/main.c'], flags: debugFlags },
    { output: 'cppthrow', sources: ['cppthrow/main.cpp'], flags: debugFlags, compiler: 'g++' },
    { output: 'overloads', sources: ['overloads/main.cpp'], flags: debugFlags, compiler: 'g++' },
    { output: 'watch', sources: ['watch/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'threads', sources: ['threads/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'threadsync', sources: ['threadsync/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'churn', sources: ['churn/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'groupexit', sources: ['groupexit/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'interactive', sources: ['interactive/main.c'], flags: debugFlags },
    { output: 'forkfollow', sources: ['forkfollow/main.c'], flags: debugFlags },
    { output: 'threadexec', sources: ['threadexec/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'coredump', sources: ['coredump/main.c'], flags: debugFlags, linkFlags: ['-pthread'] },
    { output: 'stepexit', sources: ['stepexit/main.c'], flags: debugFlags },
    { output: 'forker', sources: ['forker/main.c'], flags: debugFlags },
    { output: 'execer', sources: ['execer/main.c'], flags: debugFlags },
    { output: 'exectarget', sources: ['exectarget/target.c'], flags: debugFlags },
    { output: 'c_types', sources: ['c_types/main.c'], flags: debugFlags },
    { output: 'artificial', sources: ['artificial/main.c'], flags: debugFlags },
    { output: 'cpp_types', sources: ['cpp_types/main.cpp'], flags: debugFlags, compiler: 'g++' },
    { output: 'rust_types', sources: ['rust_types/main.rs'], flags: ['-g', '-C', 'opt-level=0'], compiler: 'rustc' },
    { output: 'rust_btree', sources: ['rust_btree/main.rs'], flags: ['-g', '-C', 'opt-level=0'], compiler: 'rustc' },
    {
      output: 'rust_paths',
      sources: ['rust_paths/main.rs'],
      flags: ['-g', '-C', 'opt-level=0', '--crate-name', 'rust_paths'],
      compiler: 'rustc',
    },
    {
      output: 'rust_paths-v0',
      sources: ['rust_paths/main.rs'],
      flags: ['-g', '-C', 'opt-level=0', '--crate-name', 'rust_paths', '-C', 'symbol-mangling-version=v0'],
      compiler: 'rustc',
    },
    { output: 'many_values', sources: ['many_values/main.c'], flags: debugFlags },
    { output: 'deep', sources: ['deep/main.c'], flags: debugFlags },
    { output: 'statements', sources: ['statements/main.c'], flags: debugFlags },
    { output: 'judged', sources: ['judged/main.c'], flags: debugFlags },
    { output: 'calls', sources: ['calls/main.c'], flags: debugFlags },
    // A third-party C library at -O2: jsmn, whose whole source is Debian's
    // libjsmn-dev header (library.c includes it), driven by main.c.
    {
      output: 'jsmn-O2',
      sources: ['jsmn/library.c', 'jsmn/main.c'],
      inputs: ['/usr/include/jsmn.h'],
      flags: optimizedFlags,
    },
    { output: 'ifunc', sources: ['ifunc/main.c'], flags: debugFlags, linkFlags: ['-lm'] },
    {
      output: 'librewind_values.so',
      sources: ['modvalues/values.c'],
      inputs: ['modvalues/values.h'],
      flags: [...debugFlags, '-fPIC', '-shared'],
    },
    {
      output: 'modvalues',
      sources: ['modvalues/main.c'],
      inputs: ['modvalues/values.h', '../../out/fixtures/librewind_values.so'],
      flags: debugFlags,
      linkFlags: [`-L${outputRoot}`, '-lrewind_values', '-Wl,-rpath,$ORIGIN'],
    },
    { output: 'reverse', sources: ['reverse/main.c'], flags: debugFlags },
    { output: 'nativeio', sources: ['nativeio/main.c'], flags: debugFlags },
    { output: 'nativepast', sources: ['nativepast/main.c'], flags: debugFlags },
    { output: 'nativeloop', sources: ['nativeloop/main.c'], flags: debugFlags },
    // The native recording engine's benchmark programs (their sources are
    // shared with the native unit test replay_native_engine_test).
    { output: 'natrec_compute-O2', sources: ['../../native/tests/data/natrec_compute.c'], flags: optimizedFlags },
    { output: 'natrec_pipe-O2', sources: ['../../native/tests/data/natrec_pipe.c'], flags: optimizedFlags },
    {
      output: 'natrec_threads_compute-O2',
      sources: ['../../native/tests/data/natrec_threads_compute.c'],
      flags: optimizedFlags,
      linkFlags: ['-pthread'],
    },
    { output: 'branchy', sources: ['branchy/main.cpp'], flags: debugFlags, compiler: 'g++', linkFlags: ['-pthread'] },
    // No -g on purpose: the program has no debug information at all.
    { output: 'nodebug', sources: ['nodebug/main.c'], flags: ['-O0'] },
    {
      output: greetLibrary,
      sources: ['sharedlib/greet.c'],
      inputs: ['sharedlib/greet.h'],
      flags: [...debugFlags, '-fPIC', '-shared'],
    },
    // The stand-in code object the simulated GPU devices load (GPU debug tests).
    { output: 'gpu_kernel.so', sources: ['gpu_kernel/kernel.c'], flags: [...debugFlags, '-fPIC', '-shared', '-nostdlib'] },
    {
      output: 'librewind_plugin.so',
      sources: ['sharedlib/plugin.c'],
      flags: [...debugFlags, '-fPIC', '-shared'],
    },
    {
      output: 'sharedlib',
      sources: ['sharedlib/main.c'],
      inputs: ['sharedlib/greet.h', `../../out/fixtures/${greetLibrary}`],
      flags: debugFlags,
      // Linked against the library next to it, found at run time through $ORIGIN.
      linkFlags: [`-L${outputRoot}`, '-lrewind_greet', '-Wl,-rpath,$ORIGIN', '-ldl'],
    },
  ];
}

function modifiedTime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function isUpToDate(outputFile, inputFiles) {
  const outputTime = modifiedTime(outputFile);
  if (outputTime === undefined) return false;
  return inputFiles.every((input) => {
    const inputTime = modifiedTime(input);
    if (inputTime === undefined) throw new Error(`fixture input is missing: ${input}`);
    return inputTime <= outputTime;
  });
}

function compile(target, force) {
  const outputFile = path.join(outputRoot, target.output);
  // Absolute source paths, so the debug information names the real files.
  const sources = target.sources.map((file) => path.join(sourceRoot, file));
  // An absolute input (a system header) stays as it is.
  const inputs = [...sources, ...(target.inputs ?? []).map((file) => path.resolve(sourceRoot, file))];
  if (!force && isUpToDate(outputFile, inputs)) return false;
  const args = [...target.flags, '-o', outputFile, ...sources, ...(target.linkFlags ?? [])];
  const compiler = target.compiler ?? 'gcc';
  try {
    execFileSync(compiler, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`${compiler} failed for fixture ${target.output}: ${compiler} ${args.join(' ')}`, { cause: error });
  }
  return true;
}

// Files that are not programs: launch must refuse them with a clear message.
function writeBadInputs() {
  const notExecutable = path.join(outputRoot, 'not-executable');
  fs.writeFileSync(notExecutable, 'This file is not executable.\n');
  fs.chmodSync(notExecutable, 0o644);
  const notElf = path.join(outputRoot, 'not-elf');
  fs.writeFileSync(notElf, 'hello\n');
  fs.chmodSync(notElf, 0o755);
}

export function buildFixtures({ force = false } = {}) {
  fs.mkdirSync(outputRoot, { recursive: true });
  const built = [];
  for (const target of targets()) {
    if (compile(target, force)) built.push(target.output);
  }
  writeBadInputs();
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const built = buildFixtures({ force: process.argv.includes('--force') });
  console.log(built.length > 0 ? `fixtures built: ${built.join(', ')}` : 'fixtures up to date');
}
