// Set-up step run before every build, test, bench and package: makes sure the
// Debian packages Rewind builds and tests with are installed (installing the
// missing ones with apt-get), then installs the npm dependencies when
// node_modules is missing or older than package-lock.json. Plain Node, no
// dependencies, because it runs before node_modules exists. Fast when all is
// there already.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Debian packages and why each is needed. build-essential is satisfied by g++
// and make on their own as well.
const debianPackages = [
  ['build-essential', 'C/C++ compiler and make (native helper, fixtures, node-pty)'],
  ['cmake', 'builds native/'],
  ['pkg-config', 'finds libdw, libelf and capstone for cmake'],
  ['libdw-dev', 'DWARF and CFI unwinding (elfutils)'],
  ['libelf-dev', 'ELF reading (elfutils)'],
  ['libcapstone-dev', 'disassembly'],
  ['nlohmann-json3-dev', 'JSON for the helper protocol'],
  ['libipt-dev', 'Intel PT branch-trace decoding'],
  ['libiberty-dev', 'demangles C++ and Rust (legacy and v0) symbol names'],
  ['libbpf-dev', 'uprobe + BPF breakpoint conditions and hit counts'],
  ['clang-format', 'checks the C++ formatting (npm test)'],
  ['gdb', 'reference debugger used by tests and the benchmark'],
  ['libjsmn-dev', 'jsmn, a third-party C library the tests build at -O2 and debug (its source is the header)'],
  ['python3', 'node-gyp, which compiles node-pty'],
];

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

function manualInstallHint() {
  return `Install these by hand (names as in Debian/Ubuntu): ${debianPackages.map(([name]) => name).join(' ')}`;
}

/** Names of the listed Debian packages that dpkg does not report as installed. */
function missingDebianPackages() {
  const names = [...debianPackages.map(([name]) => name), 'g++', 'make'];
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  if (query.error) {
    return null; // no dpkg: not a Debian-family system
  }
  const installed = new Set();
  for (const line of query.stdout.split('\n')) {
    const [name, ...status] = line.trim().split(/\s+/);
    if (name && status.join(' ') === 'install ok installed') {
      installed.add(name.replace(/:.*$/, ''));
    }
  }
  return debianPackages
    .map(([name]) => name)
    .filter((name) => {
      if (installed.has(name)) return false;
      if (name === 'build-essential') return !(installed.has('g++') && installed.has('make'));
      return true;
    });
}

function run(command, args, options = {}) {
  console.log(`setup: $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) {
    return `${command} could not be started: ${result.error.message}`;
  }
  if (result.status !== 0) {
    return `${command} ${args[0] ?? ''} exited with ${result.status ?? result.signal}`;
  }
  return null;
}

function installDebianPackages(missing) {
  console.log(`setup: missing Debian packages: ${missing.join(' ')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && spawnSync('sudo', ['--version']).error) {
    fail(`not running as root and sudo is not available.\n  As root, run: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (isRoot ? ['apt-get', args] : ['sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]]);
  const updateError = run(...apt('update'), { env });
  if (updateError) {
    fail(`${updateError}.\n  Could not refresh the package lists; install by hand: apt-get install -y ${missing.join(' ')}`);
  }
  const installError = run(...apt('install', '-y', ...missing), { env });
  if (installError) {
    fail(`${installError}.\n  Could not install: ${missing.join(' ')}`);
  }
  const stillMissing = missingDebianPackages() ?? [];
  if (stillMissing.length > 0) {
    fail(`apt-get finished but these are still not installed: ${stillMissing.join(' ')}`);
  }
}

function checkSystemPackages() {
  if (process.platform !== 'linux') {
    fail(`Rewind is a Linux debugger; this is ${process.platform}.`);
  }
  const missing = missingDebianPackages();
  if (missing === null) {
    // Not Debian or Ubuntu: we cannot check packages, only the main tools.
    const tools = ['g++', 'make', 'cmake', 'pkg-config', 'gdb', 'python3'];
    const absent = tools.filter((tool) => spawnSync(tool, ['--version']).error);
    if (absent.length > 0) {
      fail(
        `dpkg-query not found, so this is not Debian/Ubuntu, and ${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} missing.\n  ${manualInstallHint()}\n  (elsewhere: elfutils/libdw and libelf headers, capstone, nlohmann-json, libipt headers, libbpf, cmake, gdb, a C++20 compiler).`,
      );
    }
    console.log(`setup: not a Debian/Ubuntu system; cannot check library packages. ${manualInstallHint()}`);
    return;
  }
  if (missing.length > 0) {
    installDebianPackages(missing);
  }
}

/** node-gyp needs Node's headers; point it at the running Node's own so it never downloads them. */
function nodeHeadersEnv() {
  const env = { ...process.env };
  if (!env.npm_config_nodedir) {
    const nodeDir = path.dirname(path.dirname(process.execPath));
    if (existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
      env.npm_config_nodedir = nodeDir;
    }
  }
  return env;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function installNpmDependencies() {
  const lockFile = path.join(repoRoot, 'package-lock.json');
  const installedLock = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lockTime = mtime(lockFile);
  const installedTime = mtime(installedLock);
  const upToDate = installedTime !== null && (lockTime === null || lockTime <= installedTime);
  if (upToDate) {
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = lockTime === null ? ['install'] : ['ci'];
  const error = run(npm, args, { cwd: repoRoot, env: nodeHeadersEnv() });
  if (error) {
    fail(`${error}.\n  npm dependencies could not be installed (node-pty compiles with node-gyp: it needs python3, make and g++).`);
  }
}

const started = Date.now();
checkSystemPackages();
installNpmDependencies();
if (Date.now() - started > 1000) {
  console.log(`setup: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
