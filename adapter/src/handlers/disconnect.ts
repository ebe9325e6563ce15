// `disconnect`: ends the session. A launched program is killed unless the
// client asks otherwise (`terminateDebuggee: false` detaches and leaves it
// running); then the helper exits, and the adapter after its response.
// Disconnect always succeeds: a helper that is already gone is fine.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { logError } from '../log';
import type { RequestHandler } from './requestHandler';

export const disconnect: RequestHandler<DebugProtocol.DisconnectArguments, undefined> = async (args, ctx) => {
  const helper = ctx.liveHelper;
  if (helper) {
    helper.expectEnd();
    try {
      await helper.request('disconnect', { terminate: args.terminateDebuggee ?? true });
    } catch (error) {
      if (helper.running) logError(`helper disconnect failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    helper.end();
  }
  ctx.endSessionAfterResponses();
  return undefined;
};
