// Drives a real rewind-helper process through its newline-delimited JSON
// protocol: sends requests, matches responses by id, queues events for tests
// to wait on, and always ends the helper (and, as a last resort, the programs
// it launched) when the test is done.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { EventQueue } from './eventQueue';
import { HelperEvent, HelperResponse, LaunchBody } from './helperTypes';
import { helperBinary } from './paths';
import { eventViolation, responseViolation } from './protocolSchema';
import { eventually, isAlive, killIfAlive } from './processes';
import { cleanupTimeoutMs, waitTimeoutMs } from './timeouts';

type Resolver = { resolve: (response: HelperResponse) => void; reject: (error: Error) => void };

export class HelperError extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
    message: string,
  ) {
    super(`${command} failed with ${code}: ${message}`);
  }
}

export class HelperDriver {
  readonly events = new EventQueue<HelperEvent>();
  /** Every response, in the order it arrived. */
  readonly responseLog: HelperResponse[] = [];
  /** Responses whose id matched no request sent by this driver. */
  readonly strayResponses: HelperResponse[] = [];
  /** Messages from the helper that its protocol schema does not allow; dispose() fails the test with them. */
  readonly protocolViolations: string[] = [];
  /** pids of programs this helper launched (from launch responses). */
  readonly launchedPids = new Set<number>();
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pendingById = new Map<number, Resolver>();
  private readonly commandById = new Map<number, string>();
  private readonly pendingWithoutId: Resolver[] = [];
  private nextId = 1;
  private stderrText = '';
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  private constructor(options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
    if (!fs.existsSync(helperBinary)) {
      throw new Error(`rewind-helper is not built (${helperBinary}); run: npm run build`);
    }
    this.process = spawn(helperBinary, [], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (text: string) => {
      this.stderrText = (this.stderrText + text).slice(-4000);
    });
    this.process.stdin.on('error', () => undefined); // writes after the helper died fail the request instead
    const lines = readline.createInterface({ input: this.process.stdout });
    lines.on('line', (line) => this.receive(line));
    this.exited = new Promise((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null, why: string) => {
        if (this.exitStatus !== undefined) return;
        this.exitStatus = { code, signal };
        this.events.close(why);
        for (const pending of [...this.pendingById.values(), ...this.pendingWithoutId]) pending.reject(new Error(why));
        this.pendingById.clear();
        this.pendingWithoutId.length = 0;
        resolve();
      };
      this.process.on('exit', (code, signal) => ended(code, signal, `rewind-helper exited (code ${code}, signal ${signal}); stderr: ${this.stderrTail()}`));
      // A helper that cannot be started (e.g. EACCES while it is being rebuilt) fails the test, not the run.
      this.process.on('error', (error) => ended(null, null, `rewind-helper could not be run: ${error.message}`));
    });
  }

  static start(options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): HelperDriver {
    return new HelperDriver(options);
  }

  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined) throw new Error('rewind-helper did not start');
    return pid;
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  stderrTail(): string {
    return this.stderrText.slice(-1500);
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.strayResponses.push({ id: null, ok: false, error: { code: 'NotJson', message: line } });
      return;
    }
    if (typeof message.event === 'string') {
      const violation = eventViolation(message);
      if (violation !== undefined) this.protocolViolations.push(violation);
      this.events.push(message as unknown as HelperEvent);
      return;
    }
    const response = message as unknown as HelperResponse;
    this.responseLog.push(response);
    const command = typeof response.id === 'number' ? this.commandById.get(response.id) : undefined;
    const violation = responseViolation(command, message);
    if (violation !== undefined) this.protocolViolations.push(violation);
    const waiter = typeof response.id === 'number' ? this.pendingById.get(response.id) : this.pendingWithoutId.shift();
    if (waiter === undefined) {
      this.strayResponses.push(response);
      return;
    }
    if (typeof response.id === 'number') {
      this.pendingById.delete(response.id);
      this.commandById.delete(response.id);
    }
    if (violation !== undefined) waiter.reject(new Error(`rewind-helper broke its protocol: ${violation}`));
    else waiter.resolve(response);
  }

  private awaitResponse(register: (resolver: Resolver) => void, what: string, timeoutMs: number): Promise<HelperResponse> {
    return new Promise((resolve, reject) => {
      if (this.exitStatus !== undefined) {
        reject(new Error(`rewind-helper already exited; cannot send ${what}; stderr: ${this.stderrTail()}`));
        return;
      }
      const timer = setTimeout(() => reject(new Error(`no response to ${what} within ${timeoutMs} ms; stderr: ${this.stderrTail()}`)), timeoutMs);
      register({
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Sends a request and resolves with its response, whether ok or not. */
  send(cmd: string, args: unknown = {}, timeoutMs = waitTimeoutMs): Promise<HelperResponse> {
    const id = this.nextId++;
    this.commandById.set(id, cmd);
    const response = this.awaitResponse((resolver) => this.pendingById.set(id, resolver), `${cmd} (id ${id})`, timeoutMs);
    this.process.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
    return response;
  }

  /** Sends a request and resolves with its body; rejects with HelperError when ok is false. */
  async request<T = Record<string, unknown>>(cmd: string, args: unknown = {}, timeoutMs = waitTimeoutMs): Promise<T> {
    const response = await this.send(cmd, args, timeoutMs);
    if (!response.ok) {
      throw new HelperError(cmd, response.error?.code ?? '(no code)', response.error?.message ?? JSON.stringify(response));
    }
    const body = (response.body ?? {}) as T;
    if (cmd === 'launch') this.launchedPids.add((body as unknown as LaunchBody).pid);
    return body;
  }

  /**
   * Writes one raw line (which may be malformed on purpose) and resolves with the
   * response to it: the one carrying expectedId, or the next one with id null.
   */
  sendRawLine(line: string | Buffer, expectedId: number | null, timeoutMs = waitTimeoutMs): Promise<HelperResponse> {
    const register = (resolver: Resolver) => {
      if (expectedId === null) this.pendingWithoutId.push(resolver);
      else this.pendingById.set(expectedId, resolver);
    };
    const shown = JSON.stringify(line.toString('latin1').slice(0, 200));
    const sent = requestIn(line);
    if (sent !== undefined && sent.id === expectedId) this.commandById.set(sent.id, sent.cmd);
    const response = this.awaitResponse(register, `raw line ${shown}`, timeoutMs);
    this.process.stdin.write(typeof line === 'string' ? `${line}\n` : Buffer.concat([line, Buffer.from('\n')]));
    return response;
  }

  waitForEvent(name: string, predicate: (body: Record<string, unknown>) => boolean = () => true, timeoutMs = waitTimeoutMs): Promise<HelperEvent> {
    return this.events.waitFor((event) => event.event === name && predicate(event.body), `helper event '${name}'`, timeoutMs);
  }

  /** All text the program wrote to one stream so far (from output events). */
  outputText(category: 'stdout' | 'stderr' | 'console'): string {
    return this.events.history
      .filter((event) => event.event === 'output' && event.body.category === category)
      .map((event) => String(event.body.text))
      .join('');
  }

  /** Waits until the program's output on one stream contains text. */
  async waitForOutput(category: 'stdout' | 'stderr', text: string, timeoutMs = waitTimeoutMs): Promise<string> {
    const found = await eventually(() => this.outputText(category).includes(text), timeoutMs);
    if (!found) {
      throw new Error(`${category} never contained ${JSON.stringify(text)}; got ${JSON.stringify(this.outputText(category))}`);
    }
    return this.outputText(category);
  }

  closeStdin(): void {
    this.process.stdin.end();
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** Waits for the helper to exit; false if it still runs after timeoutMs. */
  async waitForExit(timeoutMs = cleanupTimeoutMs): Promise<boolean> {
    if (this.exitStatus !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.exited.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** Ends the helper however it is doing, then makes sure its programs are gone too. */
  async dispose(): Promise<void> {
    if (this.exitStatus === undefined) {
      this.closeStdin();
      if (!(await this.waitForExit(3000))) {
        this.kill('SIGKILL');
        await this.waitForExit(3000);
      }
    }
    if ([...this.launchedPids].some(isAlive)) {
      // The helper should have ended them; the test that checks that reports it.
      killIfAlive(this.launchedPids);
    }
    if (this.protocolViolations.length > 0) {
      throw new Error(`rewind-helper sent messages its protocol schema does not allow:\n${this.protocolViolations.join('\n')}`);
    }
  }
}

/** The id and command of a raw line that is a well-formed request, so its answer can be checked. */
function requestIn(line: string | Buffer): { id: number; cmd: string } | undefined {
  try {
    const parsed = JSON.parse(line.toString()) as { id?: unknown; cmd?: unknown };
    return Number.isInteger(parsed.id) && typeof parsed.cmd === 'string' ? { id: parsed.id as number, cmd: parsed.cmd } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs body with a fresh helper and always disposes of it afterwards. */
export async function withHelper<T>(body: (helper: HelperDriver) => Promise<T>): Promise<T> {
  const helper = HelperDriver.start();
  try {
    return await body(helper);
  } finally {
    await helper.dispose();
  }
}
