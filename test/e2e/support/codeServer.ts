// Starts code-server (a real VS Code, served to a browser) for one test: on a
// free 127.0.0.1 port, with a fresh user-data, extensions and XDG folder in a
// temporary directory, the smoke-test driver on (so the `payload` URL
// parameter can load Rewind from the checkout and run extension tests), and
// its output kept in a log file. As `npm start`, it asks for a password (a
// random one): the server checks that a page without it is refused, logs in
// over HTTP, and hands the session cookie to the browser. stop() ends the server and every process it
// started (extension host, debug adapter, helper, debuggee), even when the
// test failed; it is safe to call twice.
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { descendantsOf, eventually, isAlive, killIfAlive, sleep } from '../../support/processes';
import { e2eTools } from './e2eTools';

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  folder: string;
  /** File the server's output is written to. */
  logFile: string;
  /** Extensions folder (for an extension installed from a .vsix); a fresh one when left out. */
  extensionsDir?: string;
  /** User settings written to settings.json before start. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The session cookies of a login with the server's password, for the browser. */
  cookies: Array<{ name: string; value: string; url: string }>;
  /** Workbench address with the folder and, when given, a smoke-test payload. */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** A vscode-remote URI for a path on this machine, as payload entries need. */
  remoteUri(file: string): string;
  stop(): Promise<void>;
}

/** Settings that keep a fresh workbench quiet and predictable. */
const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function respondsOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 500);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(false);
    });
  });
}

function httpRequest(url: string, method: string, body?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        headers:
          body === undefined
            ? {}
            : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Origin: new URL(url).origin },
      },
      (response) => {
        response.resume();
        resolve(response);
      },
    );
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.end(body);
  });
}

/** Proves the workbench is refused without the password, then logs in and returns the session cookies. */
async function logIn(origin: string, password: string): Promise<Array<{ name: string; value: string; url: string }>> {
  const anonymous = await httpRequest(`${origin}/`, 'GET');
  if (anonymous.statusCode === 200) throw new Error(`code-server at ${origin} served the workbench without a password`);
  const login = await httpRequest(`${origin}/login`, 'POST', new URLSearchParams({ password }).toString());
  const cookies = (login.headers['set-cookie'] ?? []).map((line) => {
    const [pair] = line.split(';');
    const equals = pair.indexOf('=');
    return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), url: origin };
  });
  if (cookies.length === 0) throw new Error(`logging in to code-server at ${origin} gave no session cookie (HTTP ${login.statusCode})`);
  return cookies;
}

async function waitUntilServing(origin: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before serving; see ${logFile}`);
    }
    if (await respondsOk(`${origin}/healthz`)) return;
    await sleep(200);
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Process groups of the servers still running. If the test process itself is
 * ended (Ctrl+C, a runner's time-out), stop() never runs: these are killed on
 * the way out instead, so no server outlives its test.
 */
const runningGroups = new Set<number>();

function killRunningGroups(): void {
  for (const group of runningGroups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runningGroups.clear();
}

let exitHooksInstalled = false;
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killRunningGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killRunningGroups();
      process.kill(process.pid, signal); // then end as the signal would have
    });
  }
}

/** Ends the server's process group, then any descendant that left it; waits until all are gone. */
async function stopProcessTree(child: ChildProcess): Promise<string[]> {
  const pid = child.pid;
  if (pid === undefined) return [];
  const seen = new Set<number>([pid, ...descendantsOf(pid).map((info) => info.pid)]);
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // group already gone
    }
  };
  signalGroup('SIGTERM');
  await eventually(() => !isAlive(pid), 3000);
  for (const info of descendantsOf(pid)) seen.add(info.pid);
  signalGroup('SIGKILL');
  killIfAlive(seen);
  const allGone = await eventually(() => [...seen].every((each) => !isAlive(each)), 5000);
  return allGone ? [] : [...seen].filter(isAlive).map(String);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tools = e2eTools();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-e2e-server-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(tools.nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(scratch, 'config'),
    XDG_DATA_HOME: path.join(scratch, 'data'),
    XDG_CACHE_HOME: path.join(scratch, 'cache'),
    XDG_RUNTIME_DIR: path.join(scratch, 'runtime'),
  };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to a VS Code this test runs inside
  const password = crypto.randomBytes(18).toString('base64url');
  env.PASSWORD = password;
  const args = [
    tools.codeServerEntry,
    '--auth',
    'password',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userDataDir,
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    '--vscode-option',
    'enable-smoke-test-driver',
    options.folder,
  ];
  installExitHooks();
  const child = spawn(tools.nodeBinary, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (child.pid !== undefined) runningGroups.add(child.pid);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const survivors = await stopProcessTree(child);
    if (child.pid !== undefined) runningGroups.delete(child.pid);
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    if (survivors.length > 0) throw new Error(`code-server processes survived SIGKILL: ${survivors.join(', ')}`);
  };
  let cookies: CodeServer['cookies'];
  try {
    await waitUntilServing(origin, child, options.logFile, 60_000);
    cookies = await logIn(origin, password);
  } catch (error) {
    await stop();
    throw error;
  }
  const remoteUri = (file: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(file)}`;
  return {
    port,
    origin,
    cookies,
    remoteUri,
    workbenchUrl(payload) {
      const query = new URLSearchParams({ folder: path.resolve(options.folder) });
      if (payload && payload.length > 0) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    stop,
  };
}
