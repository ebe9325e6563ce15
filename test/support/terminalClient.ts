// A DAP test client that also plays the editor's part in `runInTerminal`:
// it says in `initialize` that it runs programs in terminals, and serves
// each runInTerminal request by starting the command on a new
// pseudo-terminal with the extension's own node-pty code
// (extension/src/terminal/ptyProcess.ts), answering with the process id.
// The test reads what the terminal shows and types into it.
import assert from 'node:assert/strict';
import type { IPty } from 'node-pty';
import { DebugProtocol } from '@vscode/debugprotocol';
import { spawnInPty } from '../../extension/src/terminal/ptyProcess';
import { RewindDebugClient } from './dapClient';
import { eventually, isAlive } from './processes';
import { waitTimeoutMs } from './timeouts';

export class TerminalDebugClient extends RewindDebugClient {
  /** The runInTerminal requests the adapter sent, in order. */
  readonly terminalRequests: DebugProtocol.RunInTerminalRequestArguments[] = [];
  private terminal: IPty | undefined;
  private shown = '';
  private terminalExit: number | undefined;
  /** Answer runInTerminal with this failure instead of starting anything. */
  refuseTerminal: string | undefined;

  constructor(private readonly runsInTerminal = true) {
    super();
    // Reverse requests arrive as messages of type "request"; DebugClient
    // (whose dispatch is private) knows only events and responses.
    const self = this as unknown as { dispatch(body: string): void };
    const dispatchEventOrResponse = self.dispatch.bind(this);
    self.dispatch = (body: string) => {
      const message = JSON.parse(body) as DebugProtocol.ProtocolMessage;
      if (message.type === 'request') this.serve(message as DebugProtocol.Request);
      else dispatchEventOrResponse(body);
    };
  }

  override initializeRequest(args?: DebugProtocol.InitializeRequestArguments): Promise<DebugProtocol.InitializeResponse> {
    return super.initializeRequest({
      adapterID: 'rewind',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
      supportsRunInTerminalRequest: this.runsInTerminal,
      ...args,
    });
  }

  /** Everything the terminal showed so far. */
  terminalText(): string {
    return this.shown;
  }

  get terminalExitCode(): number | undefined {
    return this.terminalExit;
  }

  async waitForTerminalText(text: string | RegExp, timeoutMs = waitTimeoutMs): Promise<void> {
    const seen = () => (typeof text === 'string' ? this.shown.includes(text) : text.test(this.shown));
    if (!(await eventually(seen, timeoutMs))) {
      throw new Error(`the terminal never showed ${String(text)}; it showed ${JSON.stringify(this.shown)}`);
    }
  }

  async waitForTerminalExit(timeoutMs = waitTimeoutMs): Promise<number> {
    assert.ok(await eventually(() => this.terminalExit !== undefined, timeoutMs), `the terminal's process exits; it showed ${JSON.stringify(this.shown)}`);
    return this.terminalExit as number;
  }

  typeIntoTerminal(text: string): void {
    assert.ok(this.terminal, 'a terminal was started');
    this.terminal.write(text);
  }

  private serve(request: DebugProtocol.Request): void {
    if (request.command !== 'runInTerminal') {
      this.respond(request, false, undefined, `this test client does not do '${request.command}'`);
      return;
    }
    const args = request.arguments as DebugProtocol.RunInTerminalRequestArguments;
    this.terminalRequests.push(args);
    if (this.refuseTerminal !== undefined) {
      this.respond(request, false, undefined, this.refuseTerminal);
      return;
    }
    try {
      const terminal = spawnInPty({ args: args.args, cwd: args.cwd, env: args.env ?? undefined });
      this.terminal = terminal;
      terminal.onData((text) => (this.shown += text));
      terminal.onExit(({ exitCode }) => (this.terminalExit = exitCode));
      this.respond(request, true, { processId: terminal.pid });
    } catch (error) {
      this.respond(request, false, undefined, error instanceof Error ? error.message : String(error));
    }
  }

  private respond(request: DebugProtocol.Request, success: boolean, body?: unknown, message?: string): void {
    const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success, body, message };
    const json = JSON.stringify(response);
    const output = (this as unknown as { outputStream: NodeJS.WritableStream }).outputStream;
    output.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8');
  }

  /** Ends the session, then the terminal's process if it is still there. */
  override async stopSession(): Promise<void> {
    await super.stopSession();
    const pid = this.terminal?.pid;
    if (pid !== undefined && isAlive(pid)) this.terminal?.kill('SIGKILL');
  }
}

/** Runs body with a started adapter and a terminal-serving client; always stops the session. */
export async function withTerminalClient<T>(body: (client: TerminalDebugClient) => Promise<T>, runsInTerminal = true): Promise<T> {
  const client = new TerminalDebugClient(runsInTerminal);
  try {
    await client.startAdapter();
    return await body(client);
  } finally {
    await client.stopSession();
  }
}
