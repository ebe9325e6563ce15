// SessionContext: what every request handler shares. It owns the helper
// client (started once, at `initialize`, so that the helper loads while the
// client prepares `launch`), the frame-id table and the threads of variables
// references, the path mapping, the client's line/column convention and the
// session state, and it offers the two ways to send DAP events: now, or after
// the responses in flight (the order rule for everything the helper reports).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import { UserError } from './errors';
import { forwardHelperEvents } from './events';
import { FrameHandles } from './frameHandles';
import { HelperClient } from './helper/helperClient';
import type { InitializeBody } from './helper/protocol';
import { PathMapper } from './pathMapper';
import { ReferenceThreads } from './referenceThreads';

/** How the context reaches the DAP connection (implemented by RewindSession). */
export interface EventSink {
  /** Sends a DAP event at once. */
  sendEvent(event: DebugProtocol.Event): void;
  /** Runs `action` once every request in flight has been answered (at once if none is). */
  afterResponses(action: () => void): void;
  /** Ends the adapter process once the last response has gone out. */
  endSession(): void;
  /** Sends a reverse request to the client (runInTerminal); the callback gets its response. */
  sendRequest(command: string, args: unknown, timeoutMs: number, cb: (response: DebugProtocol.Response) => void): void;
}

export interface SessionState {
  /** `launch` or `attach` succeeded: there is (or was) a program. */
  launched: boolean;
  /** The program was attached to, not launched: the session's end leaves it running. */
  attached: boolean;
  /** The client sent `configurationDone`. */
  configured: boolean;
  /** The program has exited (the helper said so). */
  programExited: boolean;
  /** A DAP `terminated` event has been sent. */
  terminatedSent: boolean;
  /** The helper is recording (a history to step back in exists). */
  recording: boolean;
  /** The session inspects a core dump: nothing runs. */
  coreFile: boolean;
}

export class SessionContext {
  readonly frames = new FrameHandles();
  readonly referenceThreads = new ReferenceThreads();
  /** Breakpoints waiting for GPU code, by gpuBreakpointKey(file, line) (setBreakpoints.ts, events.ts). */
  readonly gpuPendingBreakpoints = new Map<string, DebugProtocol.Breakpoint>();
  paths = new PathMapper();
  linesStartAt1 = true;
  columnsStartAt1 = true;
  readonly state: SessionState = {
    launched: false,
    attached: false,
    configured: false,
    programExited: false,
    terminatedSent: false,
    recording: false,
    coreFile: false,
  };
  /** The client said in `initialize` that it runs programs in terminals (`runInTerminal`). */
  clientRunsInTerminal = false;
  /** The client said in `initialize` that it takes `invalidated` events. */
  clientTakesInvalidated = false;
  private helperClient: HelperClient | undefined;
  private helperReady: Promise<HelperClient> | undefined;
  /** The thread of the last `stopped` event, for requests that do not name one. */
  lastStoppedThread: number | undefined;
  /** What the helper said about itself in `initialize`. */
  helperInfo: InitializeBody | undefined;

  constructor(private readonly sink: EventSink) {}

  /** Starts the helper and sends it `initialize`, once; later calls return the same promise. */
  startHelper(): Promise<HelperClient> {
    if (!this.helperReady) {
      try {
        const helper = HelperClient.start();
        this.helperClient = helper;
        forwardHelperEvents(helper, this);
        this.helperReady = helper.request('initialize', {}).then((info) => {
          this.helperInfo = info;
          return helper;
        });
      } catch (error) {
        this.helperReady = Promise.reject(error);
      }
      // The failure is reported by whoever awaits it (launch); don't let it go unhandled meanwhile.
      this.helperReady.catch(() => undefined);
    }
    return this.helperReady;
  }

  /** The running helper, for requests that need one. */
  helper(command: string): HelperClient {
    if (!this.helperClient || !this.state.launched) {
      throw new UserError('NotLaunched', `'${command}' needs a program; start one with a 'launch' or 'attach' request first.`);
    }
    return this.helperClient;
  }

  /** The helper when one was started and is still running, whether or not a program was launched. */
  get liveHelper(): HelperClient | undefined {
    return this.helperClient?.running ? this.helperClient : undefined;
  }

  sendEvent(event: DebugProtocol.Event): void {
    this.sink.sendEvent(event);
  }

  /** Sends a reverse request to the client; resolves with its response (also when it failed). */
  clientRequest(command: string, args: unknown, timeoutMs: number): Promise<DebugProtocol.Response> {
    return new Promise((resolve) => this.sink.sendRequest(command, args, timeoutMs, resolve));
  }

  /** Sends `event` after the responses in flight (the order helper events need). */
  queueEvent(event: DebugProtocol.Event): void {
    this.sink.afterResponses(() => this.sink.sendEvent(event));
  }

  afterResponses(action: () => void): void {
    this.sink.afterResponses(action);
  }

  /** A line in the Debug Console (category `console`), sent now. */
  console(text: string): void {
    this.sink.sendEvent(new OutputEvent(text.endsWith('\n') ? text : `${text}\n`, 'console'));
  }

  /** Sends `terminated` once per session, after the responses in flight. */
  queueTerminated(): void {
    if (this.state.terminatedSent) return;
    this.state.terminatedSent = true;
    this.queueEvent(new TerminatedEvent());
  }

  /** The program is about to run: frame ids of this stop die. */
  resuming(): void {
    this.forgetStop();
  }

  /** Forgets the frame ids and reference threads of the last stop (the program ran or stopped again). */
  forgetStop(): void {
    this.frames.reset();
    this.referenceThreads.reset();
  }

  /** Ends the helper (it kills a launched program); used on shutdown. */
  endHelper(): void {
    this.helperClient?.end();
  }

  /** Ends the adapter after the responses in flight (after `disconnect`). */
  endSessionAfterResponses(): void {
    this.sink.afterResponses(() => this.sink.endSession());
  }

  // ---- the client's numbering of lines and columns --------------------------

  toClientLine(line: number): number {
    return this.linesStartAt1 ? line : line - 1;
  }

  fromClientLine(line: number): number {
    return this.linesStartAt1 ? line : line + 1;
  }

  toClientColumn(column: number): number {
    return this.columnsStartAt1 ? column : column - 1;
  }

  fromClientColumn(column: number): number {
    return this.columnsStartAt1 ? column : column + 1;
  }
}
