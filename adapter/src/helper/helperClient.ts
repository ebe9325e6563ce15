// HelperClient: starts rewind-helper and talks to it with newline-delimited
// JSON on its stdin/stdout. `request` matches responses to requests by id;
// events go to typed listeners in the order the helper wrote them. When the
// helper exits, every pending request is rejected with a clear error and the
// exit listener learns whether the exit was expected. stderr is the helper's
// log: forwarded to the adapter's stderr, with the last lines kept for
// error reports. In the DAP tests every message is also copied for the
// test driver, which checks it against the protocol's schema
// (protocolTrace.ts).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HelperRequestError, UserError } from '../errors';
import { ProtocolTrace } from './protocolTrace';
import type { HelperCommand, HelperEventMessage, HelperEventName, HelperEvents, HelperRequests, HelperResponseMessage } from './protocol';

/** How the helper process ended. */
export interface HelperExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the adapter asked for the end (disconnect, shutdown). */
  expected: boolean;
  /** The helper's last log lines, for the report. */
  logTail: string[];
}

interface PendingRequest {
  command: string;
  resolve: (body: unknown) => void;
  reject: (error: Error) => void;
}

type EventListener<E extends HelperEventName> = (body: HelperEvents[E]) => void;

const logTailLines = 20;

/** The helper binary: $REWIND_HELPER, else native/rewind-helper next to the bundle. */
export function helperPath(): string {
  return process.env.REWIND_HELPER || path.join(__dirname, 'native', 'rewind-helper');
}

export class HelperClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly listeners = new Map<string, Array<(body: never) => void>>();
  private exitListeners: Array<(exit: HelperExit) => void> = [];
  private nextId = 1;
  private partialChunks: string[] = [];
  private partialLog = '';
  private readonly logTail: string[] = [];
  private endExpected = false;
  private exitInfo: HelperExit | undefined;
  private readonly trace = ProtocolTrace.fromEnvironment();

  /** Starts the helper; throws a UserError when the binary is missing or not executable. */
  static start(executable = helperPath()): HelperClient {
    try {
      fs.accessSync(executable, fs.constants.X_OK);
    } catch {
      throw new UserError(
        'HelperNotFound',
        `The Rewind helper was not found or is not executable at ${executable}. ` + 'Build it with `npm run build`, or set REWIND_HELPER to its path.',
      );
    }
    return new HelperClient(executable);
  }

  private constructor(executable: string) {
    this.child = spawn(executable, [], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, REWIND_ADAPTER_PID: String(process.pid) },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.onStderr(chunk));
    // A write after the helper died fails with EPIPE; the exit handler reports it.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => this.onGone(null, null, `could not be started: ${error.message}`));
    this.child.on('exit', (code, signal) => this.onGone(code, signal));
  }

  /** The helper's process id (a terminal's launcher lets this process trace it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The helper binary, which is also the launcher a client's terminal runs. */
  get executable(): string {
    return this.child.spawnfile;
  }

  /** True until the helper process has exited. */
  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Sends one request; resolves with the response body or rejects with HelperRequestError. */
  request<C extends HelperCommand>(command: C, args: HelperRequests[C]['args']): Promise<HelperRequests[C]['body']> {
    if (this.exitInfo) {
      return Promise.reject(this.goneError(command));
    }
    this.trace?.write({ kind: 'request', command, args });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (body: unknown) => void, reject });
      this.child.stdin.write(JSON.stringify({ id, cmd: command, args }) + '\n');
    });
  }

  /** Listens to one kind of helper event. */
  on<E extends HelperEventName>(event: E, listener: EventListener<E>): void {
    let list = this.listeners.get(event);
    if (!list) this.listeners.set(event, (list = []));
    list.push(listener as (body: never) => void);
  }

  /** Listens for the helper's exit (expected or not). */
  onExit(listener: (exit: HelperExit) => void): void {
    this.exitListeners.push(listener);
  }

  /** Marks the coming exit as expected (e.g. before `disconnect`). */
  expectEnd(): void {
    this.endExpected = true;
  }

  /**
   * Ends the helper: closing its stdin makes it end the session (a launched
   * program is killed) and exit; it is killed if it has not gone after `graceMs`.
   */
  end(graceMs = 2000): void {
    this.endExpected = true;
    if (this.exitInfo) return;
    this.child.stdin.end();
    const timer = setTimeout(() => {
      if (!this.exitInfo) this.child.kill('SIGKILL');
    }, graceMs);
    timer.unref();
  }

  /** The helper's last log lines (stderr). */
  recentLog(): string[] {
    return [...this.logTail];
  }

  // Only the new chunk is searched for line ends; the start of a long line
  // waits in `partialChunks`, so a large response costs linear time.
  private onStdout(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      let line = chunk.slice(start, newline);
      if (this.partialChunks.length > 0) {
        this.partialChunks.push(line);
        line = this.partialChunks.join('');
        this.partialChunks = [];
      }
      if (line.length > 0) this.onLine(line);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.partialChunks.push(start === 0 ? chunk : chunk.slice(start));
  }

  private onLine(line: string): void {
    let message: HelperResponseMessage & HelperEventMessage;
    try {
      message = JSON.parse(line);
    } catch {
      message = null as never;
    }
    if (typeof message !== 'object' || message === null) {
      this.log(`rewind-helper wrote a line that is not a JSON object: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof message.event === 'string') {
      this.trace?.write({ kind: 'event', message });
      const list = this.listeners.get(message.event);
      if (list) for (const listener of list) listener(message.body as never);
      return;
    }
    const id = message.id;
    const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!pending) {
      this.log(`rewind-helper answered a request the adapter did not send (id ${String(id)}): ${line.slice(0, 200)}`);
      return;
    }
    this.pending.delete(id as number);
    this.trace?.write({ kind: 'response', command: pending.command, message });
    if (message.ok) {
      pending.resolve(message.body ?? {});
    } else {
      const error = message.error ?? { code: 'Internal', message: 'rewind-helper reported a failure without details.' };
      pending.reject(new HelperRequestError(pending.command, error.code, error.message));
    }
  }

  private onStderr(chunk: string): void {
    process.stderr.write(chunk);
    const lines = (this.partialLog + chunk).split('\n');
    this.partialLog = lines.pop() ?? '';
    for (const line of lines) {
      this.logTail.push(line);
      if (this.logTail.length > logTailLines) this.logTail.shift();
    }
  }

  private onGone(code: number | null, signal: NodeJS.Signals | null, startFailure?: string): void {
    if (this.exitInfo) return;
    if (this.partialLog) this.logTail.push(this.partialLog);
    if (startFailure) this.logTail.push(`rewind-helper ${startFailure}`);
    this.exitInfo = { code, signal, expected: this.endExpected, logTail: [...this.logTail] };
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(this.goneError(pending.command));
    }
    for (const listener of this.exitListeners) listener(this.exitInfo);
  }

  private goneError(command: string): UserError {
    const how = this.exitInfo ? describeExit(this.exitInfo) : 'has exited';
    return new UserError('HelperExited', `The Rewind helper ${how}, so '${command}' could not be done. Start a new debug session.`);
  }

  private log(text: string): void {
    process.stderr.write(`rewind adapter: ${text}\n`);
  }
}

/** "exited with code 1", "was killed by SIGSEGV", … */
export function describeExit(exit: Pick<HelperExit, 'code' | 'signal'>): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return 'could not be started';
}
