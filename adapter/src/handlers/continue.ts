// `continue`: every thread resumes, or with `singleThread` only the thread
// named (every thread when it has exited since the past it was seen in);
// `stopped` or `exited` follows as an event.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

export const continueRequest: RequestHandler<DebugProtocol.ContinueArguments, DebugProtocol.ContinueResponse['body']> =
  async (args, ctx) => {
    const helper = ctx.helper('continue');
    const singleThread = args.singleThread === true;
    const tid = singleThread ? requireInteger(args.threadId, 'threadId', 'continue') : undefined;
    ctx.resuming();
    const body = await helper.request('continue', tid !== undefined ? { tid, singleThread: true } : {});
    // The helper says when a single-thread continue became one of every
    // thread (a thread seen in the past that has exited since).
    return { allThreadsContinued: body.allThreadsContinued ?? !singleThread };
  };
