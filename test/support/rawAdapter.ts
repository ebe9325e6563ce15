// The adapter driven byte by byte: tests of the DAP framing and the fuzz test
// write any bytes to its stdin (well-formed frames or not), read the frames
// it answers with, and see its stderr and whether it is still running.
// Like every DAP test client it has the adapter copy its rewind-helper
// traffic, and close() fails on a message the protocol's schema does not
// allow (helperTraffic.ts).
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { newTrafficFile, trafficFollowsSchema, trafficViolations, withTrafficFile } from './helperTraffic';
import { adapterScript } from './paths';
import { descendantsOf, eventually, isAlive, killIfAlive } from './processes';
import { waitTimeoutMs } from './timeouts';

export function frame(body: string | Buffer, header?: string): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(header ?? `Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'), bytes]);
}

export class RawAdapter {
  readonly messages: DebugProtocol.ProtocolMessage[] = [];
  private stdout = Buffer.alloc(0);
  private stderrText = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private nextSeq = 1;
  private readonly startedPids = new Set<number>();
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly trafficFile: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrText += text;
      this.notify();
    });
    child.stdin?.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.notify();
    });
  }

  static start(env: NodeJS.ProcessEnv = process.env): RawAdapter {
    if (!fs.existsSync(adapterScript)) throw new Error(`the adapter is not built (${adapterScript}); run: npm run build`);
    const trafficFile = newTrafficFile();
    return new RawAdapter(spawn(process.execPath, [adapterScript], { stdio: ['pipe', 'pipe', 'pipe'], env: withTrafficFile(env, trafficFile) }), trafficFile);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): string {
    return JSON.stringify(this.exit ?? 'running');
  }

  stderr(): string {
    return this.stderrText;
  }

  write(bytes: Buffer | string): void {
    this.child.stdin?.write(bytes);
  }

  /** Sends a well-formed request and returns its seq. */
  send(command: string, args?: unknown): number {
    const seq = this.takeSeq();
    this.write(frame(JSON.stringify({ seq, type: 'request', command, ...(args === undefined ? {} : { arguments: args }) })));
    return seq;
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  async request(command: string, args?: unknown, timeoutMs = waitTimeoutMs): Promise<DebugProtocol.Response> {
    return this.responseTo(this.send(command, args), timeoutMs);
  }

  response(seq: number): DebugProtocol.Response | undefined {
    return this.messages.find((m): m is DebugProtocol.Response => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq);
  }

  async responseTo(seq: number, timeoutMs = waitTimeoutMs): Promise<DebugProtocol.Response> {
    if (!(await this.until(() => this.response(seq) !== undefined || !this.running, timeoutMs))) {
      throw new Error(`no response to request ${seq} within ${timeoutMs} ms; stderr: ${this.stderrText.slice(-1500)}`);
    }
    const response = this.response(seq);
    if (!response) throw new Error(`the adapter ended (${this.exitStatus}) before it answered request ${seq}; stderr: ${this.stderrText.slice(-1500)}`);
    return response;
  }

  /** Waits until `condition` holds, checking whenever the adapter writes or ends (no polling delay). */
  until(condition: () => boolean, timeoutMs = waitTimeoutMs): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        finish(true);
      };
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => finish(condition()), timeoutMs);
      this.listeners.add(check);
    });
  }

  events(name: string): DebugProtocol.Event[] {
    return this.messages.filter((m): m is DebugProtocol.Event => m.type === 'event' && (m as DebugProtocol.Event).event === name);
  }

  /** Remembers the adapter's descendants (helper, debuggee) so close() can make sure they end. */
  rememberStartedProcesses(): void {
    for (const info of descendantsOf(this.pid)) this.startedPids.add(info.pid);
  }

  /** Closes stdin, waits for the adapter to end (killing it if it does not), then for what it started; then checks the helper traffic. */
  async close(): Promise<void> {
    this.rememberStartedProcesses();
    this.child.stdin?.end();
    if (!(await eventually(() => !this.running, 5000))) this.child.kill('SIGKILL');
    await eventually(() => !this.running, 2000);
    const started = [...this.startedPids];
    if (!(await eventually(() => started.every((pid) => !isAlive(pid)), 5000))) killIfAlive(started);
    assert.deepEqual(trafficViolations(this.trafficFile), [], trafficFollowsSchema);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private onStdout(chunk: Buffer): void {
    this.stdout = Buffer.concat([this.stdout, chunk]);
    for (;;) {
      const end = this.stdout.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.stdout.toString('latin1', 0, end))?.[1]);
      if (this.stdout.length < end + 4 + length) return;
      this.messages.push(JSON.parse(this.stdout.toString('utf8', end + 4, end + 4 + length)) as DebugProtocol.ProtocolMessage);
      this.stdout = this.stdout.subarray(end + 4 + length);
      this.notify();
    }
  }
}
