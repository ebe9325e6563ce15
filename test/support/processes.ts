// Looks at the processes of this machine through /proc: which run a given
// executable, which are traced by a given tracer, which are children of a
// process. Used to prove that nothing is left behind when a debug session ends
// or its adapter/helper is killed, and as a last-resort cleanup of the
// processes a test started. Also the two waits the tests poll with:
// eventually() for a condition, until() for a value.
import fs from 'node:fs';
import { cleanupTimeoutMs } from './timeouts';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  state: string;
  tracerPid: number;
  exe: string | undefined;
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** What /proc says about pid, or undefined when it is gone. */
export function processInfo(pid: number): ProcessInfo | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
  let exe: string | undefined;
  try {
    exe = fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    exe = undefined; // zombies and kernel threads have none
  }
  return {
    pid,
    parentPid: Number(field('PPid')),
    state: field('State').charAt(0),
    tracerPid: Number(field('TracerPid')),
    exe,
  };
}

/** True while pid exists and is not a zombie (a zombie runs nothing any more). */
export function isAlive(pid: number): boolean {
  const info = processInfo(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

function livingProcesses(): ProcessInfo[] {
  return allPids()
    .map(processInfo)
    .filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z' && info.state !== 'X');
}

/** Living processes whose executable is exePath. */
export function processesRunning(exePath: string): ProcessInfo[] {
  const wanted = fs.realpathSync(exePath);
  return livingProcesses().filter((info) => info.exe === wanted);
}

/** Living processes traced (ptrace) by tracerPid. */
export function processesTracedBy(tracerPid: number): ProcessInfo[] {
  return livingProcesses().filter((info) => info.tracerPid === tracerPid);
}

/** Living direct children of pid. */
export function childrenOf(pid: number): ProcessInfo[] {
  return livingProcesses().filter((info) => info.parentPid === pid);
}

/** Living descendants of pid (children, their children, ...). */
export function descendantsOf(pid: number): ProcessInfo[] {
  const all = livingProcesses();
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = all.filter((info) => frontier.includes(info.parentPid));
    found.push(...next);
    frontier = next.map((info) => info.pid);
  }
  return found;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until condition() is true; returns false if it is still false after timeoutMs. */
export async function eventually(condition: () => boolean, timeoutMs = cleanupTimeoutMs): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

/** Polls `probe` until it gives a value (not undefined), and returns it; throws "timed out waiting for <what>". */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, pollMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** SIGKILLs the given pids that still live (only pids a test itself caused to exist). */
export function killIfAlive(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function describeProcesses(list: ProcessInfo[]): string {
  return list.map((info) => `pid ${info.pid} (${info.exe ?? '?'}, state ${info.state}, tracer ${info.tracerPid})`).join('; ');
}
