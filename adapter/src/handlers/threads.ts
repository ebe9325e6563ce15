// `threads`: the program's threads; none before launch or after the exit.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';

export const threads: RequestHandler<unknown, DebugProtocol.ThreadsResponse['body']> = async (_args, ctx) => {
  const helper = ctx.liveHelper;
  if (!helper || !ctx.state.launched || ctx.state.programExited) return { threads: [] };
  const body = await helper.request('threads', {});
  return { threads: body.threads.map((thread) => ({ id: thread.id, name: thread.name || `Thread ${thread.id}` })) };
};
