// Execution counts from the recorded history as editor decorations, on
// request: after each line that ran, how many times it ran; after each
// conditional jump's line, how often it was taken and not taken. They
// follow the program: refreshed on every stop while shown, for every
// visible editor; hidden again by a command or when the session ends.
import * as vscode from 'vscode';
import { type BranchSiteCount, type LineCountSummary, lineAnnotations } from './executionCountText';
import { rewindRequest } from '../rewindRequest';

export class ExecutionCountDecorations implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: false,
  });
  private shown = false;

  constructor(private readonly session: () => vscode.DebugSession | undefined) {}

  get active(): boolean {
    return this.shown;
  }

  async show(): Promise<void> {
    this.shown = true;
    await this.refresh();
  }

  hide(): void {
    this.shown = false;
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.decoration, []);
  }

  async refresh(): Promise<void> {
    if (!this.shown) return;
    const session = this.session();
    if (!session) {
      this.hide();
      return;
    }
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== 'file') continue;
      const file = editor.document.uri.fsPath;
      try {
        const [counts, sites] = await Promise.all([
          rewindRequest(session, 'lineExecutionCounts', { file }),
          rewindRequest(session, 'branchStatistics', { file }),
        ]);
        editor.setDecorations(this.decoration, decorationsFor(editor.document, counts.lines, sites.sites));
      } catch (error) {
        this.hide();
        void vscode.window.showWarningMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
  }

  dispose(): void {
    this.decoration.dispose();
  }
}

function decorationsFor(document: vscode.TextDocument, lines: LineCountSummary[], sites: BranchSiteCount[]): vscode.DecorationOptions[] {
  return lineAnnotations(lines, sites)
    .filter(({ line }) => line >= 1 && line <= document.lineCount)
    .map(({ line, text, hover }) => {
      const end = document.lineAt(line - 1).range.end;
      return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } }, hoverMessage: hover };
    });
}
