// The Branch History and Timeline panels and the execution-count
// decorations in VS Code: their commands, and the tracker that tells them
// about every stop of a Rewind session (so the current position is
// followed) and about the session's end.
import * as vscode from 'vscode';
import { ExecutionCountDecorations } from './executionCountDecorations';
import { HistoryPanel, type PanelKind } from './historyPanel';

export function registerHistoryPanels(context: vscode.ExtensionContext, debugType: string): void {
  const panels = new Map<PanelKind, HistoryPanel>();
  const rewindSession = (): vscode.DebugSession | undefined => {
    const session = vscode.debug.activeDebugSession;
    return session?.type === debugType ? session : undefined;
  };
  const counts = new ExecutionCountDecorations(rewindSession);
  const refreshAll = (): void => {
    for (const panel of panels.values()) panel.refresh();
    void counts.refresh();
  };
  const show = (kind: PanelKind): void => {
    const open = panels.get(kind);
    if (open) {
      open.reveal();
      open.refresh();
      return;
    }
    panels.set(
      kind,
      HistoryPanel.create(kind, context.extensionUri, rewindSession, () => panels.delete(kind)),
    );
  };

  context.subscriptions.push(
    counts,
    { dispose: () => panels.forEach((panel) => panel.dispose()) },
    vscode.commands.registerCommand('rewind.showBranchHistory', () => show('branchHistory')),
    vscode.commands.registerCommand('rewind.showTimeline', () => show('timeline')),
    vscode.commands.registerCommand('rewind.showExecutionCounts', () => counts.show()),
    vscode.commands.registerCommand('rewind.hideExecutionCounts', () => counts.hide()),
    vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type?: string; event?: string }) => {
          if (message.type === 'event' && (message.event === 'stopped' || message.event === 'rewindRecording')) {
            // After the stop's own requests (stack, variables) have gone out.
            setTimeout(refreshAll, 50);
          }
        },
      }),
    }),
    vscode.debug.onDidChangeActiveDebugSession(refreshAll),
    vscode.debug.onDidTerminateDebugSession(() => setTimeout(refreshAll, 0)),
    vscode.window.onDidChangeVisibleTextEditors(() => void counts.refresh()),
  );
}
