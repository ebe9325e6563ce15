// The reverse-execution controls VS Code does not have built in: reverse
// step into and reverse step out (toolbar buttons next to Step Back and
// Reverse), a record / stop-recording toggle, and a status bar item with the
// history position and size. They act on the active `rewind` session
// through the adapter's custom requests.

import * as vscode from 'vscode';
import { RecordingEventBody, statusText, statusTooltip } from './recordingState';

const recordingContextKey = 'rewind.recording';

export function registerReverseControls(context: vscode.ExtensionContext, debugType: string): void {
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  const states = new Map<string, RecordingEventBody>();

  const rewindSession = (): vscode.DebugSession | undefined => {
    const session = vscode.debug.activeDebugSession;
    return session?.type === debugType ? session : undefined;
  };
  const activeThreadId = (): number | undefined => {
    const item = vscode.debug.activeStackItem;
    return item && item.session.type === debugType ? item.threadId : undefined;
  };
  const show = (): void => {
    const session = rewindSession();
    const state = session ? states.get(session.id) : undefined;
    if (!session) {
      status.hide();
      void vscode.commands.executeCommand('setContext', recordingContextKey, false);
      return;
    }
    const current = state ?? { recording: false };
    status.text = statusText(current);
    status.tooltip = statusTooltip(current);
    status.command = current.recording ? 'rewind.stopRecording' : 'rewind.startRecording';
    status.show();
    void vscode.commands.executeCommand('setContext', recordingContextKey, current.recording);
  };
  const send = async (command: string, withThread: boolean): Promise<void> => {
    const session = rewindSession();
    if (!session) {
      void vscode.window.showInformationMessage('No Rewind debug session is active.');
      return;
    }
    try {
      await session.customRequest(command, withThread ? { threadId: activeThreadId() } : {});
    } catch (error) {
      void vscode.window.showErrorMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('rewind.reverseStepIn', () => send('reverseStepIn', true)),
    vscode.commands.registerCommand('rewind.reverseStepOut', () => send('reverseStepOut', true)),
    vscode.commands.registerCommand('rewind.startRecording', () => send('startRecording', false)),
    vscode.commands.registerCommand('rewind.stopRecording', () => send('stopRecording', false)),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== debugType || event.event !== 'rewindRecording') return;
      states.set(event.session.id, event.body as RecordingEventBody);
      show();
    }),
    vscode.debug.onDidChangeActiveDebugSession(show),
    vscode.debug.onDidTerminateDebugSession((session) => {
      states.delete(session.id);
      show();
    }),
  );
  show();
}
