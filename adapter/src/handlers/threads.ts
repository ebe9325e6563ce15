// `threads`: the program's threads, then its stopped GPU threads
// (gpuThreads.ts); none before launch or after the exit.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { toDapGpuThread } from '../gpuThreads';
import type { RequestHandler } from './requestHandler';

export const threads: RequestHandler<unknown, DebugProtocol.ThreadsResponse['body']> = async (_args, ctx) => {
  const helper = ctx.liveHelper;
  if (!helper || !ctx.state.launched || ctx.state.programExited) return { threads: [] };
  // Both requests at once: one round trip to the helper, not two.
  const [body, gpu] = await Promise.all([helper.request('threads', {}), helper.request('gpuThreads', {})]);
  return {
    threads: [...body.threads.map((thread) => ({ id: thread.id, name: thread.name || `Thread ${thread.id}` })), ...gpu.threads.map(toDapGpuThread)],
  };
};
