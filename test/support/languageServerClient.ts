// Drives the Rewind language server (out/languageServer.js) over stdio the
// way an editor does, without VS Code: an LSP client connection that opens
// documents, asks for inline values, inlay hints, code lenses and hovers,
// runs commands, collects published diagnostics, and answers the server's
// `rewind/dap` requests by running them on a real Rewind debug session
// (the DAP test client), as the extension and a Neovim set-up do.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  CodeLensRequest,
  type Diagnostic,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  InlineValueRequest,
  PublishDiagnosticsNotification,
  type Range,
  ShutdownRequest,
} from 'vscode-languageserver-protocol';
import { dapRequest, type DapRequestParams, debugChanged } from '../../lsp/src/messages';
import type { RewindDebugClient } from './dapClient';
import { languageServerScript } from './paths';
import { withTimeout } from './timeouts';

export class LanguageServerClient {
  private readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** The last diagnostics published per document URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private diagnosticWaiters: Array<() => void> = [];
  readonly dapCommands: string[] = [];

  constructor(debug: RewindDebugClient) {
    this.process = spawn(process.execPath, [languageServerScript, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onRequest(dapRequest, async (params: DapRequestParams) => {
      this.dapCommands.push(params.command);
      return (await debug.customRequest(params.command, params.arguments ?? {})).body;
    });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      const waiters = this.diagnosticWaiters;
      this.diagnosticWaiters = [];
      waiters.forEach((wake) => wake());
    });
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.request(InitializeRequest.type.method, { processId: process.pid, rootUri: null, capabilities: {} });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(file: string, languageId: string): Promise<string> {
    const uri = pathToFileURL(file).href;
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') } });
    return uri;
  }

  /** Tells the server the debug session moved, and waits for the diagnostics it then publishes for `uri`. */
  async debugChanged(uri: string): Promise<Diagnostic[]> {
    const published = new Promise<void>((resolve) => this.diagnosticWaiters.push(resolve));
    await this.connection.sendNotification(debugChanged, {});
    await withTimeout(published, 10_000, 'diagnostics after rewind/debugChanged');
    return this.diagnostics.get(uri) ?? [];
  }

  inlineValues(uri: string, range: Range, frameId: number, stoppedLine: number) {
    return this.request(InlineValueRequest.type.method, {
      textDocument: { uri },
      range,
      context: { frameId, stoppedLocation: { start: { line: stoppedLine, character: 0 }, end: { line: stoppedLine, character: 0 } } },
    }) as Promise<Array<{ range: Range; variableName?: string; text?: string }>>;
  }

  inlayHints(uri: string, range: Range) {
    return this.request(InlayHintRequest.type.method, { textDocument: { uri }, range }) as Promise<Array<{ position: { line: number }; label: string }>>;
  }

  codeLenses(uri: string) {
    return this.request(CodeLensRequest.type.method, { textDocument: { uri } }) as Promise<
      Array<{ range: Range; command?: { title: string; command: string; arguments?: unknown[] } }>
    >;
  }

  hover(uri: string, line: number, character: number) {
    return this.request(HoverRequest.type.method, { textDocument: { uri }, position: { line, character } }) as Promise<{
      contents: { kind: string; value: string };
    } | null>;
  }

  executeCommand(command: string, args: unknown[]) {
    return this.request(ExecuteCommandRequest.type.method, { command, arguments: args });
  }

  request(method: string, params: unknown): Promise<unknown> {
    return withTimeout(this.connection.sendRequest(method, params), 20_000, `LSP request ${method}`);
  }

  async close(): Promise<void> {
    try {
      await this.request(ShutdownRequest.type.method, undefined);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process is ended below either way.
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

export async function withLanguageServer<T>(debug: RewindDebugClient, body: (server: LanguageServerClient) => Promise<T>): Promise<T> {
  const server = new LanguageServerClient(debug);
  try {
    await server.initialize();
    return await body(server);
  } finally {
    await server.close();
  }
}
