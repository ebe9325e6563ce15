// `continue`: every thread resumes; `stopped` or `exited` follows as an event.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';

export const continueRequest: RequestHandler<DebugProtocol.ContinueArguments, DebugProtocol.ContinueResponse['body']> =
  async (_args, ctx) => {
    const helper = ctx.helper('continue');
    ctx.resuming();
    await helper.request('continue', {});
    return { allThreadsContinued: true };
  };
