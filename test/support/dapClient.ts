// A DAP client for tests: @vscode/debugadapter-testsupport's DebugClient running
// `node out/adapter.js` as a child process over stdio, with every request
// bounded by a time-out, every event kept in a queue (so none is missed), and
// flows shared by the DAP tests (launch or attach to a breakpoint, frames,
// locals, stepping, running to the end). stopSession() always ends the
// adapter and whatever it started. The adapter copies every message it
// exchanges with rewind-helper to a file here ($REWIND_HELPER_TRAFFIC), and
// stopSession() checks each against the protocol's schema and fails the
// test on one the schema does not allow.
import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { EventQueue } from './eventQueue';
import { newTrafficFile, trafficFollowsSchema, trafficViolations, withTrafficFile } from './helperTraffic';
import { adapterScript } from './paths';
import { descendantsOf, eventually, isAlive, killIfAlive } from './processes';
import { cleanupTimeoutMs, waitTimeoutMs, withTimeout } from './timeouts';

export interface LaunchArguments {
  program: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  stopOnEntry?: boolean;
  /** Recording for reverse execution: when it starts, and how many instructions it keeps. */
  record?: 'off' | 'fromEntry' | 'fromMain';
  recordLimit?: number;
  /** Which engine records: the single-step recorder or the native-speed engine. */
  recordEngine?: 'auto' | 'native' | 'step';
}

export interface AttachArguments {
  processId: number | string;
  program?: string;
  stopOnEntry?: boolean;
}

export interface BreakpointRequest {
  source: string;
  lines: number[];
}

/** Requests to send after the breakpoints and before configurationDone (exception filters, function breakpoints…). */
export type Configure = () => Promise<void>;

/** What ended a run: a stop, or the program's exit. */
export type StopOrExit = { kind: 'stopped'; event: DebugProtocol.StoppedEvent } | { kind: 'exited'; event: DebugProtocol.ExitedEvent };

type RawSender = (command: string, args: unknown, callback: (response: DebugProtocol.Response) => void) => void;

export class RewindDebugClient extends DebugClient {
  readonly events = new EventQueue<DebugProtocol.Event>();
  capabilities: DebugProtocol.Capabilities = {};
  /** What the client tells `initialize` (undefined: DebugClient's defaults). */
  initializeArguments: DebugProtocol.InitializeRequestArguments | undefined;
  private adapterProcess: ChildProcess | undefined;
  private stderrText = '';
  /** Where the adapter copies its messages with rewind-helper (undefined: not checked). */
  private readonly trafficFile: string | undefined;
  /** Processes the adapter started (helper, debuggee), remembered for cleanup. */
  private readonly startedPids = new Set<number>();

  /** `checkProtocol`: the adapter checks every helper message against the schema (off only for timings: the benchmark). */
  constructor(env: NodeJS.ProcessEnv = process.env, checkProtocol = true) {
    const trafficFile = checkProtocol ? newTrafficFile() : undefined;
    super(process.execPath, adapterScript, 'rewind', {
      env: trafficFile ? withTrafficFile(env, trafficFile) : env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.trafficFile = trafficFile;
    this.defaultTimeout = waitTimeoutMs;
  }

  /** Starts the adapter process; throws when out/adapter.js was not built. */
  async startAdapter(): Promise<void> {
    if (!fs.existsSync(adapterScript)) throw new Error(`the adapter is not built (${adapterScript}); run: npm run build`);
    await this.start();
    const child = (this as unknown as { _adapterProcess: ChildProcess | null })._adapterProcess;
    assert.ok(child, 'DebugClient started an adapter process');
    this.adapterProcess = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrText = (this.stderrText + text).slice(-4000);
    });
    // Writing to an adapter that died fails the request (time-out), not the whole test run.
    child.stdin?.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      this.events.close(`the adapter exited (code ${code}, signal ${signal}); stderr: ${this.stderrTail()}`);
    });
  }

  get adapterPid(): number {
    const pid = this.adapterProcess?.pid;
    if (pid === undefined) throw new Error('the adapter is not running');
    return pid;
  }

  stderrTail(): string {
    return this.stderrText.slice(-1500);
  }

  // Every DAP event passes through emit(); keep each in the queue as well.
  override emit(eventName: string | symbol, ...args: unknown[]): boolean {
    const message = args[0] as DebugProtocol.ProtocolMessage | undefined;
    if (args.length === 1 && message?.type === 'event') this.events.push(message as DebugProtocol.Event);
    return super.emit(eventName, ...args);
  }

  // Every request of DebugClient goes through send(): bound it in time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override send(command: string, args?: unknown): Promise<any> {
    return withTimeout(super.send(command, args), waitTimeoutMs, `DAP request ${command}`);
  }

  /** Sends a request and resolves with its whole response, also when success is false (within `timeoutMs`). */
  sendForResponse(command: string, args: unknown, timeoutMs = waitTimeoutMs): Promise<DebugProtocol.Response> {
    const rawSend = (this as unknown as { doSend: RawSender }).doSend.bind(this);
    return withTimeout(new Promise<DebugProtocol.Response>((resolve) => rawSend(command, args, resolve)), timeoutMs, `DAP request ${command}`);
  }

  waitFor(name: string, predicate: (event: DebugProtocol.Event) => boolean = () => true, timeoutMs = waitTimeoutMs): Promise<DebugProtocol.Event> {
    return this.events.waitFor((event) => event.event === name && predicate(event), `DAP event '${name}'`, timeoutMs);
  }

  async waitForStopped(): Promise<DebugProtocol.StoppedEvent> {
    return (await this.waitFor('stopped')) as DebugProtocol.StoppedEvent;
  }

  /** All output text of one category so far. */
  outputText(category: string): string {
    return this.events.history
      .filter((event) => event.event === 'output' && (event as DebugProtocol.OutputEvent).body.category === category)
      .map((event) => (event as DebugProtocol.OutputEvent).body.output)
      .join('');
  }

  /** All output text of every category so far. */
  allOutputText(): string {
    return this.events.history
      .filter((event) => event.event === 'output')
      .map((event) => (event as DebugProtocol.OutputEvent).body.output)
      .join('');
  }

  async waitForOutput(category: string, text: string, timeoutMs = waitTimeoutMs): Promise<void> {
    if (!(await eventually(() => this.outputText(category).includes(text), timeoutMs))) {
      throw new Error(`${category} output never contained ${JSON.stringify(text)}; all output: ${JSON.stringify(this.allOutputText())}`);
    }
  }

  /**
   * initialize, launch, (after `initialized`) setBreakpoints per source,
   * `configure` and configurationDone. Resolves once the launch request
   * succeeded; throws with the adapter's message when it failed.
   */
  launchWithBreakpoints(launch: LaunchArguments, breakpoints: BreakpointRequest[] = [], configure?: Configure): Promise<DebugProtocol.Breakpoint[][]> {
    const args = { console: 'internalConsole', ...launch } as DebugProtocol.LaunchRequestArguments;
    return this.startWithBreakpoints('launch', () => this.launchRequest(args), breakpoints, configure);
  }

  /** As launchWithBreakpoints, with an attach request. */
  attachWithBreakpoints(attach: AttachArguments, breakpoints: BreakpointRequest[] = [], configure?: Configure): Promise<DebugProtocol.Breakpoint[][]> {
    return this.startWithBreakpoints('attach', () => this.attachRequest(attach as DebugProtocol.AttachRequestArguments), breakpoints, configure);
  }

  private async startWithBreakpoints(
    what: 'launch' | 'attach',
    start: () => Promise<unknown>,
    breakpoints: BreakpointRequest[],
    configure: Configure | undefined,
  ): Promise<DebugProtocol.Breakpoint[][]> {
    const initialize = await this.initializeRequest(this.initializeArguments);
    this.capabilities = initialize.body ?? {};
    let startError: Error | undefined;
    const starting = start().then(
      () => undefined,
      (error: Error) => {
        startError = error;
      },
    );
    const ready = await eventually(() => startError !== undefined || this.events.history.some((event) => event.event === 'initialized'), waitTimeoutMs);
    if (startError) throw new Error(`${what} failed: ${startError.message}`);
    assert.ok(ready, 'the adapter sends the initialized event');
    const verified: DebugProtocol.Breakpoint[][] = [];
    for (const request of breakpoints) verified.push(await this.setLineBreakpoints(request.source, request.lines));
    if (configure) await configure();
    await this.configurationDoneRequest();
    await starting;
    this.rememberStartedProcesses();
    if (startError) throw new Error(`${what} failed: ${(startError as Error).message}`);
    return verified;
  }

  /** Replaces the breakpoints of one source file; one answer per line. */
  async setLineBreakpoints(source: string, lines: number[]): Promise<DebugProtocol.Breakpoint[]> {
    const response = await this.setBreakpointsRequest({
      source: { path: source },
      breakpoints: lines.map((line) => ({ line })),
    });
    assert.equal(response.body.breakpoints.length, lines.length, 'one breakpoint per requested line');
    return response.body.breakpoints;
  }

  /** Replaces the breakpoints of one source file, each with its options (condition, hit condition, log message). */
  async setSourceBreakpoints(source: string, breakpoints: DebugProtocol.SourceBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
    const response = await this.setBreakpointsRequest({ source: { path: source }, breakpoints });
    assert.equal(response.body.breakpoints.length, breakpoints.length, 'one breakpoint per requested one');
    return response.body.breakpoints;
  }

  /** launchWithBreakpoints, then waits for the first stop. */
  async launchToStop(
    launch: LaunchArguments,
    breakpoints: BreakpointRequest[],
  ): Promise<{ stopped: DebugProtocol.StoppedEvent; breakpoints: DebugProtocol.Breakpoint[][] }> {
    const set = await this.launchWithBreakpoints(launch, breakpoints);
    return { stopped: await this.waitForStopped(), breakpoints: set };
  }

  async frames(threadId: number, levels = 50): Promise<DebugProtocol.StackFrame[]> {
    const response = await this.stackTraceRequest({ threadId, startFrame: 0, levels });
    assert.ok(response.body.stackFrames.length > 0, 'a stopped thread has at least one frame');
    return response.body.stackFrames;
  }

  async topFrame(threadId: number): Promise<DebugProtocol.StackFrame> {
    return (await this.frames(threadId, 1))[0];
  }

  /** Sends next/stepIn/stepOut and waits for the stop it causes. */
  async step(kind: 'next' | 'stepIn' | 'stepOut', threadId: number): Promise<{ stopped: DebugProtocol.StoppedEvent; frame: DebugProtocol.StackFrame }> {
    await this.send(kind, { threadId });
    const stopped = await this.waitForStopped();
    return { stopped, frame: await this.topFrame(stopped.body.threadId ?? threadId) };
  }

  async continueToStop(threadId: number): Promise<DebugProtocol.StoppedEvent> {
    await this.continueRequest({ threadId });
    return this.waitForStopped();
  }

  /** Waits for the next stop or the program's exit, whichever comes first. */
  async waitForStopOrExit(timeoutMs = waitTimeoutMs): Promise<StopOrExit> {
    const event = await this.events.waitFor(
      (candidate) => candidate.event === 'stopped' || candidate.event === 'exited',
      "DAP event 'stopped' or 'exited'",
      timeoutMs,
    );
    return event.event === 'stopped'
      ? { kind: 'stopped', event: event as DebugProtocol.StoppedEvent }
      : { kind: 'exited', event: event as DebugProtocol.ExitedEvent };
  }

  /**
   * Continues, then again after each stop (calling onStop first), until the
   * program exits; returns the stops in order and the exit. More than
   * maxStops stops fail the test.
   */
  async continueUntilExit(
    threadId: number,
    onStop: (stopped: DebugProtocol.StoppedEvent) => Promise<void> = async () => undefined,
    maxStops = 50,
  ): Promise<{ stops: DebugProtocol.StoppedEvent[]; exited: DebugProtocol.ExitedEvent }> {
    const stops: DebugProtocol.StoppedEvent[] = [];
    let thread = threadId;
    for (;;) {
      await this.continueRequest({ threadId: thread });
      const next = await this.waitForStopOrExit();
      if (next.kind === 'exited') return { stops, exited: next.event };
      stops.push(next.event);
      assert.ok(stops.length <= maxStops, `more than ${maxStops} stops; the last: ${JSON.stringify(next.event.body)}`);
      thread = next.event.body.threadId ?? thread;
      await onStop(next.event);
    }
  }

  /** The value of an expression in a frame, as the Watch view shows it. */
  async evaluateIn(frameId: number, expression: string): Promise<string> {
    const response = await this.evaluateRequest({ expression, frameId, context: 'watch' });
    return response.body.result;
  }

  /** Waits until the adapter process has exited (after a disconnect). */
  async waitForAdapterExit(timeoutMs = cleanupTimeoutMs): Promise<void> {
    const child = this.adapterProcess;
    if (child === undefined) return;
    const gone = await eventually(() => child.exitCode !== null || child.signalCode !== null, timeoutMs);
    assert.ok(gone, `the adapter exits after disconnect; stderr: ${this.stderrTail()}`);
  }

  async variables(variablesReference: number): Promise<DebugProtocol.Variable[]> {
    return (await this.variablesRequest({ variablesReference })).body.variables;
  }

  /** The locals (and arguments, wherever the adapter puts them) of a frame, by name. */
  async locals(frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
    const scopes = (await this.scopesRequest({ frameId })).body.scopes;
    const names = scopes.map((candidate) => candidate.name).join(', ');
    assert.ok(
      scopes.some((scope) => /local/i.test(scope.name)),
      `a Locals scope among ${names}`,
    );
    const all: DebugProtocol.Variable[] = [];
    for (const scope of scopes.filter((candidate) => /local|argument|parameter/i.test(candidate.name))) {
      all.push(...(await this.variables(scope.variablesReference)));
    }
    return byName(all);
  }

  /** Notes the adapter's current descendants so stopSession can make sure they end. */
  rememberStartedProcesses(): void {
    if (this.adapterProcess?.pid === undefined) return;
    for (const info of descendantsOf(this.adapterProcess.pid)) this.startedPids.add(info.pid);
  }

  /**
   * Ends the session: disconnect (terminating the debuggee), then the adapter;
   * then makes sure the processes the adapter had started are gone as well.
   */
  async stopSession(): Promise<void> {
    const child = this.adapterProcess;
    if (child === undefined) return;
    this.rememberStartedProcesses();
    const started = [...this.startedPids];
    const running = () => child.exitCode === null && child.signalCode === null && isAlive(child.pid ?? -1);
    if (running()) {
      await this.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
      child.kill('SIGTERM');
      if (!(await eventually(() => !running(), 3000))) child.kill('SIGKILL');
    }
    if (!(await eventually(() => !started.some(isAlive), cleanupTimeoutMs))) killIfAlive(started);
    this.adapterProcess = undefined;
    if (this.trafficFile !== undefined) assert.deepEqual(trafficViolations(this.trafficFile), [], trafficFollowsSchema);
  }
}

export function byName(list: DebugProtocol.Variable[]): Map<string, DebugProtocol.Variable> {
  return new Map(list.map((variable) => [variable.name, variable]));
}

export function named(map: Map<string, DebugProtocol.Variable>, name: string): DebugProtocol.Variable {
  const variable = map.get(name);
  assert.ok(variable, `variable ${name} among ${[...map.keys()].join(', ')}`);
  return variable;
}

/** Runs body with a started adapter (with `env`, which the helper inherits) and always stops the session afterwards. */
export async function withDebugClient<T>(body: (client: RewindDebugClient) => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const client = new RewindDebugClient(env);
  try {
    await client.startAdapter();
    return await body(client);
  } finally {
    await client.stopSession();
  }
}
