// RewindSession: the DAP side of the adapter. Every request goes through one
// dispatcher: it looks the command up in the handler table, runs the handler
// and turns its result into the response body, or what it threw into an
// error response (user errors shown to the user, internal errors logged).
// It also keeps the order rule: events the helper sends wait until every
// response in flight has gone out. A session on a core dump answers the
// breakpoint requests its own way (coreSession.ts).
import { DebugSession, Response } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { checkArguments } from './argumentCheck';
import { coreFileHandlers } from './coreSession';
import { DapFrameReader, type FrameProblem, withoutData } from './dapFraming';
import { toDapError, unsupportedRequest, UserError } from './errors';
import { requestHandlers } from './handlers';
import { argumentShapes } from './handlers/argumentShapes';
import { logError } from './log';
import { SessionContext } from './sessionContext';

export class RewindSession extends DebugSession {
  private readonly context: SessionContext;
  private requestsInFlight = 0;
  private waiting: Array<() => void> = [];
  private runningWaiting = false;

  constructor(debuggerLinesAndColumnsStartAt1?: boolean, isServer?: boolean) {
    super(debuggerLinesAndColumnsStartAt1, isServer);
    this.context = new SessionContext({
      sendEvent: (event) => this.sendEvent(event),
      afterResponses: (action) => this.afterResponses(action),
      endSession: () => this.shutdown(),
      sendRequest: (command, args, timeoutMs, cb) => this.sendRequest(command, args, timeoutMs, cb),
    });
  }

  /** Reads the client's frames with DapFrameReader: a bad frame is answered or logged, never the end. */
  override start(inStream: NodeJS.ReadableStream, outStream: NodeJS.WritableStream): void {
    const reader = new DapFrameReader({
      message: (message) => {
        try {
          this.handleMessage(message);
        } catch (error) {
          logError(`handling a DAP message failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      },
      problem: (problem) => this.answerBadFrame(problem),
    });
    inStream.on('data', (chunk: Buffer | string) => reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    super.start(withoutData(inStream), outStream);
  }

  private answerBadFrame(problem: FrameProblem): void {
    logError(problem.reason);
    if (problem.seq === undefined) return;
    const request: DebugProtocol.Request = { seq: problem.seq, type: 'request', command: problem.command ?? 'unknown' };
    this.sendError(new Response(request), new UserError('MalformedRequest', problem.reason, false));
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = new Response(request);
    const command = request.command;
    const coreHandler = this.context.state.coreFile && Object.hasOwn(coreFileHandlers, command) ? coreFileHandlers[command] : undefined;
    const handler = coreHandler ?? requestHandlers[command];
    if (!handler) {
      this.sendError(response, unsupportedRequest(command));
      return;
    }
    this.requestsInFlight++;
    let outcome: Promise<unknown>;
    try {
      const args: unknown = request.arguments ?? {};
      const shape = argumentShapes[command];
      if (shape) checkArguments(command, args, shape);
      outcome = handler(args, this.context);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome
      .then(
        (body) => {
          if (body !== undefined) response.body = body;
          this.sendResponse(response);
        },
        (error: unknown) => this.sendError(response, error),
      )
      .finally(() => {
        this.requestsInFlight--;
        this.runWaiting();
      });
  }

  /** Ends the helper (which kills a launched program) before the adapter exits. */
  override shutdown(): void {
    this.context.endHelper();
    super.shutdown();
  }

  private sendError(response: DebugProtocol.Response, error: unknown): void {
    const { message, isInternal } = toDapError(error, response.command, response.command === 'evaluate');
    if (isInternal) {
      logError(`'${response.command}' failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    response.success = false;
    response.message = message.format;
    response.body = { error: message };
    this.sendResponse(response);
  }

  /** Runs `action` now when no response is owed, else once all owed responses are sent; order is kept. */
  private afterResponses(action: () => void): void {
    if (this.requestsInFlight === 0 && this.waiting.length === 0 && !this.runningWaiting) {
      this.runAction(action);
    } else {
      this.waiting.push(action);
      this.runWaiting();
    }
  }

  private runWaiting(): void {
    if (this.runningWaiting) return;
    this.runningWaiting = true;
    while (this.requestsInFlight === 0 && this.waiting.length > 0) {
      const actions = this.waiting;
      this.waiting = [];
      for (const action of actions) this.runAction(action);
    }
    this.runningWaiting = false;
  }

  private runAction(action: () => void): void {
    try {
      action();
    } catch (error) {
      logError(`forwarding a helper event failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
