// `evaluate`: names of locals, arguments and globals with `.`, `->`, `[n]`
// and `*`, in the frame the client names; without a frame, in the top frame
// of the first thread. Failures (e.g. "no symbol 'foo' in this frame") come
// back as the response's message, never as a pop-up.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../errors';
import { addressToHex } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { frameLocation, requireString } from './requestHandler';

type Body = DebugProtocol.EvaluateResponse['body'];

export const evaluate: RequestHandler<DebugProtocol.EvaluateArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('evaluate');
  const expression = requireString(args.expression, 'expression', 'evaluate').trim();
  if (expression === '') throw new UserError('InvalidArguments', 'There is nothing to evaluate.', false);
  let tid: number;
  let frame = 0;
  if (args.frameId !== undefined) {
    const location = frameLocation(ctx, args.frameId, 'evaluate');
    tid = location.tid;
    frame = location.frameIndex;
  } else {
    const { threads } = await helper.request('threads', {});
    if (threads.length === 0) throw new UserError('NotLaunched', 'The program has no threads to evaluate in.', false);
    tid = threads[0].id;
  }
  const value = await helper.request('evaluate', { expression, tid, frame });
  const body: Body = { result: value.value, variablesReference: value.ref };
  if (value.type !== undefined) body.type = value.type;
  if (value.indexed) body.indexedVariables = value.indexed;
  if (value.named) body.namedVariables = value.named;
  if (value.memoryReference !== undefined) body.memoryReference = addressToHex(value.memoryReference);
  return body;
};
