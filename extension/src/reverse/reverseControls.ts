// The reverse-execution controls VS Code does not have built in: reverse
// step into and reverse step out (toolbar buttons next to Step Back and
// Reverse), a record / stop-recording toggle, and a status bar item with the
// history position and size, and "Go to Last Write" on a variable of the
// Variables view. They act on the active `rewind` session through the
// adapter's custom requests.

import * as vscode from 'vscode';
import type { RewindCustomCommand, RewindCustomEvents, RewindCustomRequests } from '../../../adapter/src/customRequests';
import { rewindRequest } from '../rewindRequest';
import { RecordingEventBody, statusText, statusTooltip } from './recordingState';

const recordingContextKey = 'rewind.recording';

/** What VS Code passes to a command of the Variables view's context menu. */
interface VariableContext {
  container?: { variablesReference?: number };
  variable?: { name: string };
}

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
    // A native recording cannot be stopped or swapped for the step recorder.
    const nativeEngine = current.native?.engine === 'native';
    status.command = nativeEngine ? undefined : current.recording ? 'rewind.stopRecording' : 'rewind.startRecording';
    status.show();
    void vscode.commands.executeCommand('setContext', recordingContextKey, current.recording);
  };
  const sendArguments = async <C extends RewindCustomCommand>(command: C, args: RewindCustomRequests[C]['args']): Promise<void> => {
    const session = rewindSession();
    if (!session) {
      void vscode.window.showInformationMessage('No Rewind debug session is active.');
      return;
    }
    try {
      await rewindRequest(session, command, args);
    } catch (error) {
      void vscode.window.showErrorMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const stepBackward = (command: 'reverseStepIn' | 'reverseStepOut'): Promise<void> => sendArguments(command, { threadId: activeThreadId() });

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('rewind.reverseStepIn', () => stepBackward('reverseStepIn')),
    vscode.commands.registerCommand('rewind.reverseStepOut', () => stepBackward('reverseStepOut')),
    vscode.commands.registerCommand('rewind.startRecording', () => sendArguments('startRecording', {})),
    vscode.commands.registerCommand('rewind.stopRecording', () => sendArguments('stopRecording', {})),
    // From the Variables view's context menu: VS Code passes the variable and its container.
    vscode.commands.registerCommand('rewind.goToLastWrite', (context?: VariableContext) => {
      if (!context?.variable || context.container?.variablesReference === undefined) {
        void vscode.window.showInformationMessage('Go to Last Write works on a variable in the Variables view: right-click one.');
        return;
      }
      return sendArguments('goToLastWrite', { variablesReference: context.container.variablesReference, name: context.variable.name });
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== debugType || event.event !== 'rewindRecording') return;
      states.set(event.session.id, event.body as RewindCustomEvents['rewindRecording']);
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
