// `continue`: every thread resumes, or with `singleThread` only the thread
// named (every thread when it has exited since the past it was seen in);
// `stopped` or `exited` follows as an event. Continuing a GPU thread
// resumes the stopped GPU threads only.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isGpuThread } from '../gpuThreads';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

export const continueRequest: RequestHandler<DebugProtocol.ContinueArguments, DebugProtocol.ContinueResponse['body']> = async (args, ctx) => {
  const helper = ctx.helper('continue');
  if (typeof args.threadId === 'number' && isGpuThread(args.threadId)) {
    // A GPU thread: the GPU threads resume; the program's threads are not touched.
    await helper.request('gpuResume', {});
    return { allThreadsContinued: false };
  }
  const singleThread = args.singleThread === true;
  const tid = singleThread ? requireInteger(args.threadId, 'threadId', 'continue') : undefined;
  ctx.resuming();
  const body = await helper.request('continue', tid !== undefined ? { tid, singleThread: true } : {});
  // The helper says when a single-thread continue became one of every
  // thread (a thread seen in the past that has exited since).
  return { allThreadsContinued: body.allThreadsContinued ?? !singleThread };
};
