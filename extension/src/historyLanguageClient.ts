// Starts the Rewind language server (out/languageServer.js, lsp/) through
// vscode-languageclient for C, C++ and Rust files when the first Rewind
// debug session starts (no cost for users who never debug), and is its
// link to the debug session: it runs the server's `rewind/dap` requests on
// the active Rewind session and tells the server when the program stopped,
// travelled, the session ended or another became active
// (`rewind/debugChanged`).
import * as vscode from 'vscode';
import { LanguageClient, ResponseError, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { dapRequest, type DapRequestParams, debugChanged, travelCommand } from '../../lsp/src/messages';

export function registerHistoryLanguageClient(context: vscode.ExtensionContext, debugType: string): void {
  let client: LanguageClient | undefined;
  const rewindSession = (): vscode.DebugSession | undefined => {
    const session = vscode.debug.activeDebugSession;
    return session?.type === debugType ? session : undefined;
  };
  const notify = (): void => {
    if (client?.isRunning()) void client.sendNotification(debugChanged, {});
  };
  const start = (): void => {
    if (client) return;
    const module = context.asAbsolutePath('out/languageServer.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: ['c', 'cpp', 'rust'].map((language) => ({ scheme: 'file', language })),
      markdown: { isTrusted: { enabledCommands: [travelCommand] } },
    };
    client = new LanguageClient('rewindHistory', 'Rewind History', serverOptions, clientOptions);
    client.onRequest(dapRequest, async (params: DapRequestParams) => {
      const session = rewindSession();
      if (!session) return new ResponseError(1, 'There is no Rewind debug session.');
      try {
        return await session.customRequest(params.command, params.arguments ?? {});
      } catch (error) {
        return new ResponseError(2, error instanceof Error ? error.message : String(error));
      }
    });
    void client.start();
  };

  context.subscriptions.push(
    { dispose: () => void client?.stop() },
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type === debugType) start();
    }),
    vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type?: string; event?: string }) => {
          // After the stop's own requests (stack, variables) have gone out.
          if (message.type === 'event' && message.event === 'stopped') setTimeout(notify, 50);
        },
      }),
    }),
    vscode.debug.onDidTerminateDebugSession(() => setTimeout(notify, 0)),
    vscode.debug.onDidChangeActiveDebugSession(() => setTimeout(notify, 0)),
  );
}
