// A program a test starts itself (not through the debugger), e.g. to attach
// to it: its stdout and stderr are collected, its exit is awaited, and
// withSpawnedProgram always kills it (and any process it started, such as
// strace's tracee) when the test is done.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { childrenOf, eventually, isAlive, killIfAlive } from './processes';
import { waitTimeoutMs } from './timeouts';

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class SpawnedProgram {
  readonly exited: Promise<ProgramExit>;
  private text = '';
  private exitStatus: ProgramExit | undefined;
  private readonly extraPids = new Set<number>();

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (this.text += chunk));
    child.stderr?.on('data', (chunk: string) => (this.text += chunk));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
      child.on('error', () => {
        this.exitStatus = { code: null, signal: null };
        resolve(this.exitStatus);
      });
    });
  }

  static start(file: string, args: string[] = []): SpawnedProgram {
    return new SpawnedProgram(spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('the program did not start');
    return pid;
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** Everything it wrote to stdout and stderr so far. */
  output(): string {
    return this.text;
  }

  /** Waits until its output matches; fails with the output so far. */
  async waitForOutput(pattern: RegExp, timeoutMs = waitTimeoutMs): Promise<RegExpExecArray> {
    if (!(await eventually(() => pattern.test(this.text), timeoutMs))) {
      throw new Error(`the program's output never matched ${pattern}; it was: ${JSON.stringify(this.text.slice(-500))}`);
    }
    return pattern.exec(this.text) as RegExpExecArray;
  }

  /** Its living child running `exe` (e.g. the program strace started), once it exists; remembered for cleanup. */
  async childRunning(exe: string, timeoutMs = waitTimeoutMs): Promise<number> {
    const wanted = fs.realpathSync(exe);
    let found: number | undefined;
    await eventually(() => {
      found = childrenOf(this.pid).find((info) => info.exe === wanted)?.pid;
      return found !== undefined;
    }, timeoutMs);
    if (found === undefined) throw new Error(`process ${this.pid} started no ${exe}`);
    this.extraPids.add(found);
    return found;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Kills it and the processes noted by childRunning, if they still live. */
  async dispose(): Promise<void> {
    const pids = [...this.extraPids, ...(this.hasExited ? [] : [this.pid])];
    killIfAlive(pids);
    await eventually(() => !pids.some(isAlive), 3000);
  }
}

/** Runs body with a started program and always kills it afterwards. */
export async function withSpawnedProgram<T>(file: string, args: string[], body: (program: SpawnedProgram) => Promise<T>): Promise<T> {
  const program = SpawnedProgram.start(file, args);
  try {
    return await body(program);
  } finally {
    await program.dispose();
  }
}
