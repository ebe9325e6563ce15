// `scopes`: the scopes of one frame (locals, …); each scope's reference is
// the helper's, valid until the program resumes, and remembered as the
// frame's thread's.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { gpuRegistersBase, gpuThreadOf, isGpuThread } from '../gpuThreads';
import type { RequestHandler } from './requestHandler';
import { frameLocation } from './requestHandler';

type Body = DebugProtocol.ScopesResponse['body'];

const presentationHints: Record<string, string> = { Locals: 'locals', Arguments: 'arguments', Registers: 'registers' };

export const scopes: RequestHandler<DebugProtocol.ScopesArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('scopes');
  const location = frameLocation(ctx, args.frameId, 'scopes');
  if (isGpuThread(location.tid)) {
    const registers = gpuRegistersBase + gpuThreadOf(location.tid);
    return { scopes: [{ name: 'Registers', variablesReference: registers, expensive: false, presentationHint: 'registers' }] };
  }
  const answer = await helper.request('scopes', { tid: location.tid, frame: location.frameIndex });
  return {
    scopes: answer.scopes.map((scope): DebugProtocol.Scope => {
      ctx.referenceThreads.remember(scope.ref, location.tid);
      const result: DebugProtocol.Scope = { name: scope.name, variablesReference: scope.ref, expensive: scope.expensive };
      if (scope.count !== undefined) result.namedVariables = scope.count;
      const hint = presentationHints[scope.name];
      if (hint) result.presentationHint = hint;
      return result;
    }),
  };
};
