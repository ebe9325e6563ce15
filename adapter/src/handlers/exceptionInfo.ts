// `exceptionInfo`: what the thread stopped for — a signal (with its code
// explained and the faulting address) or a C++ throw (with the thrown type) —
// as the exception widget of the editor shows it.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

type Body = DebugProtocol.ExceptionInfoResponse['body'];

export const exceptionInfo: RequestHandler<DebugProtocol.ExceptionInfoArguments, Body> = async (args, ctx) => {
  const tid = requireInteger(args.threadId, 'threadId', 'exceptionInfo');
  const info = await ctx.helper('exceptionInfo').request('exceptionInfo', { tid });
  const description = info.description ?? info.exceptionId;
  return {
    exceptionId: info.exceptionId,
    description,
    breakMode: info.breakMode ?? 'always',
    details: { message: description, typeName: info.typeName ?? info.signal ?? info.exceptionId },
  };
};
