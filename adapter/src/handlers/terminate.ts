// `terminate`: ends the program (the helper kills it and exits); the client
// is told with `terminated` and then sends `disconnect`.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';

export const terminate: RequestHandler<DebugProtocol.TerminateArguments, undefined> = async (_args, ctx) => {
  const helper = ctx.liveHelper;
  if (helper && ctx.state.launched && !ctx.state.programExited) {
    helper.expectEnd();
    await helper.request('disconnect', { terminate: true });
    helper.end();
  }
  ctx.queueTerminated();
  return undefined;
};
