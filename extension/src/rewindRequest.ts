// A Rewind custom request sent to a debug session, typed by
// adapter/src/customRequests.ts: the arguments the adapter takes and the body
// it answers, so the extension and the adapter cannot drift apart.
import type * as vscode from 'vscode';
import type { RewindCustomCommand, RewindCustomRequests } from '../../adapter/src/customRequests';

export async function rewindRequest<C extends RewindCustomCommand>(
  session: vscode.DebugSession,
  command: C,
  args: RewindCustomRequests[C]['args'],
): Promise<RewindCustomRequests[C]['body']> {
  return (await session.customRequest(command, args)) as RewindCustomRequests[C]['body'];
}
