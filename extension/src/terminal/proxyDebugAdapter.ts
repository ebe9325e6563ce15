// ProxyDebugAdapter: the vscode.DebugAdapter that VS Code talks to for a
// `rewind` session. It runs the real adapter as a child process
// (AdapterConnection) and passes every message through, except the
// adapter's runInTerminal requests for the integrated terminal, which it
// serves with a node-pty terminal of its own (ptyTerminal.ts). Where
// node-pty cannot run (a native module built for another Node), the
// request goes on to VS Code, whose own terminal serves it.
import * as vscode from 'vscode';
import { AdapterConnection, type LocalAnswer } from './adapterConnection';
import type { DapMessage } from './dapFraming';
import { openPtyTerminal, type TerminalRequest } from './ptyTerminal';

export class ProxyDebugAdapter implements vscode.DebugAdapter {
  private readonly messages = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.messages.event;
  private readonly connection: AdapterConnection;
  private ptyProblem: string | undefined;

  constructor(command: string, args: string[], env: Record<string, string>) {
    this.connection = new AdapterConnection({
      command,
      args,
      env,
      toEditor: (message) => this.messages.fire(message as vscode.DebugProtocolMessage),
      answerLocally: (request) => this.answer(request),
    });
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    this.connection.toAdapter(message);
  }

  dispose(): void {
    this.connection.end();
    this.messages.dispose();
  }

  private answer(request: DapMessage): LocalAnswer | undefined {
    if (request.command !== 'runInTerminal' || this.ptyProblem !== undefined) return undefined;
    const args = request.arguments as TerminalRequest & { kind?: string };
    if (args.kind === 'external') return undefined;
    try {
      return { body: { processId: openPtyTerminal(args) } };
    } catch (error) {
      // VS Code's own terminal does it instead, this time and from now on.
      this.ptyProblem = error instanceof Error ? error.message : String(error);
      console.warn(`Rewind: the program's terminal falls back to VS Code's: ${this.ptyProblem}`);
      return undefined;
    }
  }
}
