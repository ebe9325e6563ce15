// A Rewind webview panel in VS Code — the Branch History or the Timeline:
// one WebviewPanel with the strict document of webviewDocument.ts, its
// messages handed to a HistoryPanelHost, which talks to the active Rewind
// debug session. Showing a panel again brings the open one forward.
import * as vscode from 'vscode';
import { rewindRequest } from '../rewindRequest';
import { HistoryPanelHost } from './historyPanelHost';
import type { HostMessage, WebviewRequest } from './panelMessages';
import { makeNonce, webviewDocument } from './webviewDocument';

export type PanelKind = 'branchHistory' | 'timeline';

const titles: Record<PanelKind, string> = {
  branchHistory: 'Rewind: Branch History',
  timeline: 'Rewind: Timeline',
};

export class HistoryPanel implements vscode.Disposable {
  private readonly host: HistoryPanelHost;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly kind: PanelKind,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    session: () => vscode.DebugSession | undefined,
    onDispose: () => void,
  ) {
    const webview = panel.webview;
    const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media', 'webview')],
    };
    webview.html = webviewDocument({
      title: titles[kind],
      cspSource: webview.cspSource,
      scriptUri: asset('out', 'webview', `${kind}.js`),
      styleUri: asset('media', 'webview', 'panels.css'),
      nonce: makeNonce(),
      panel: kind,
    });
    this.host = new HistoryPanelHost({
      post: (message: HostMessage) => {
        if (!this.disposed) void webview.postMessage(message);
      },
      session: () => {
        const active = session();
        return active ? (command, args) => rewindRequest(active, command, args) : undefined;
      },
      openSource: (file, line) => openSource(file, line),
      showError: (message) => void vscode.window.showErrorMessage(message),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: WebviewRequest) => this.host.receive(message)),
      panel.onDidDispose(() => {
        this.disposed = true;
        for (const disposable of this.disposables) disposable.dispose();
        onDispose();
      }),
    );
  }

  static create(kind: PanelKind, extensionUri: vscode.Uri, session: () => vscode.DebugSession | undefined, onDispose: () => void): HistoryPanel {
    const panel = vscode.window.createWebviewPanel(
      `rewind.${kind}`,
      titles[kind],
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
      },
    );
    return new HistoryPanel(kind, panel, extensionUri, session, onDispose);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** The program stopped (or the session changed): where it is now. */
  refresh(): void {
    void this.host.refresh();
  }

  dispose(): void {
    this.panel.dispose();
  }
}

async function openSource(file: string, line: number): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.One,
      preserveFocus: false,
      selection: new vscode.Range(position, position),
    });
  } catch (error) {
    void vscode.window.showWarningMessage(`Rewind could not open ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
