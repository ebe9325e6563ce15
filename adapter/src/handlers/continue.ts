// `continue`: every thread resumes, or with `singleThread` only the thread
// named; `stopped` or `exited` follows as an event.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

export const continueRequest: RequestHandler<DebugProtocol.ContinueArguments, DebugProtocol.ContinueResponse['body']> =
  async (args, ctx) => {
    const helper = ctx.helper('continue');
    const singleThread = args.singleThread === true;
    const tid = singleThread ? requireInteger(args.threadId, 'threadId', 'continue') : undefined;
    ctx.resuming();
    await helper.request('continue', tid !== undefined ? { tid, singleThread: true } : {});
    return { allThreadsContinued: !singleThread };
  };
