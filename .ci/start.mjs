// The last step of `npm start` (after set-up, build and package): starts a
// local VS Code in the browser (code-server, installed with Node 24 into
// .e2e-tools/ by test/e2e/tools/installVsCode.mjs) with the freshly packaged
// rewind-<version>.vsix installed and examples/ (built with make) open,
// prints the address and keeps running until Ctrl+C, which stops the server.
// The server listens on 127.0.0.1 only and asks for a password: a new random
// one each start (or $REWIND_PASSWORD), printed with the address, so other
// accounts on a shared machine cannot open it (it gives a terminal as the
// user who ran it). The port is $REWIND_PORT, else the first free one from
// 8080.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsCode } from '../test/e2e/tools/installVsCode.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsix = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
const examples = path.join(repoRoot, 'examples');
const stateRoot = path.join(repoRoot, '.e2e-tools', 'start');
const extensionsDir = path.join(stateRoot, 'extensions');
const userDataDir = path.join(stateRoot, 'user-data');

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(1);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  if (process.env.REWIND_PORT) return Number(process.env.REWIND_PORT);
  for (let port = 8080; port < 8180; port++) {
    if (await portIsFree(port)) return port;
  }
  fail('no free port between 8080 and 8179; set REWIND_PORT');
}

if (!fs.existsSync(vsix)) fail(`${path.relative(repoRoot, vsix)} is missing; run npm run package first`);
let tools;
try {
  tools = installVsCode();
} catch (error) {
  fail(error.message);
}

console.log('start: building the examples (make -C examples)');
const make = spawnSync('make', ['-C', examples], { stdio: 'inherit' });
if (make.status !== 0) fail('building examples/ failed (see above)');

const env = {
  ...process.env,
  PATH: `${path.dirname(tools.nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`,
  XDG_CONFIG_HOME: path.join(stateRoot, 'config'),
  XDG_DATA_HOME: path.join(stateRoot, 'data'),
};
const common = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
console.log(`start: installing ${path.basename(vsix)} into code-server`);
const install = spawnSync(tools.nodeBinary, [tools.codeServerEntry, ...common, '--force', '--install-extension', vsix], {
  env,
  stdio: 'inherit',
});
if (install.status !== 0) fail(`code-server --install-extension ${path.basename(vsix)} failed`);

const port = await choosePort();
const password = process.env.REWIND_PASSWORD || crypto.randomBytes(18).toString('base64url');
const server = spawn(
  tools.nodeBinary,
  [
    tools.codeServerEntry,
    ...common,
    '--auth',
    'password',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    examples,
  ],
  // code-server takes the password from $PASSWORD (not from the command line, which `ps` shows).
  { env: { ...env, PASSWORD: password }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
const logFile = path.join(stateRoot, 'code-server.log');
const log = fs.createWriteStream(logFile);
server.stdout.pipe(log);
server.stderr.pipe(log);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstart: ${signal}: stopping code-server`);
  try {
    process.kill(-server.pid, 'SIGTERM'); // the server and everything it started
  } catch {
    // already gone
  }
  setTimeout(() => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone
    }
    process.exit(0);
  }, 3000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`start: code-server exited (${code ?? signal}); its log: ${path.relative(repoRoot, logFile)}`);
    process.exit(1);
  }
  process.exit(0);
});

let announced = false;
const announceWhenListening = (chunk) => {
  if (!announced && /HTTP server listening/.test(String(chunk))) {
    announced = true;
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`;
    console.log(
      `start: VS Code with Rewind and examples/ is at\n\n    ${url}\n\nstart: its password (new each start; set REWIND_PASSWORD to choose one):\n\n    ${password}\n`,
    );
    console.log(`start: open it in a browser; Ctrl+C stops it (server log: ${path.relative(repoRoot, logFile)})`);
  }
};
server.stdout.on('data', announceWhenListening);
server.stderr.on('data', announceWhenListening);
