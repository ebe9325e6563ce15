// `disconnect`: ends the session. A launched program is killed and an
// attached one detached (left running, every breakpoint removed) unless the
// client asks otherwise with `terminateDebuggee`; then the helper exits, and
// the adapter after its response.
// Disconnect always succeeds: a helper that is already gone is fine.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { logError } from '../log';
import type { RequestHandler } from './requestHandler';

export const disconnect: RequestHandler<DebugProtocol.DisconnectArguments, undefined> = async (args, ctx) => {
  const helper = ctx.liveHelper;
  if (helper) {
    helper.expectEnd();
    try {
      await helper.request('disconnect', { terminate: args.terminateDebuggee ?? !ctx.state.attached });
    } catch (error) {
      if (helper.running) logError(`helper disconnect failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    helper.end();
  }
  ctx.endSessionAfterResponses();
  return undefined;
};
