// `evaluate`: C-like expressions (names, `.`, `->`, `[n]`, `*`, `&`, casts,
// sizeof, arithmetic, `$rip`-style registers; see the helper's
// ExpressionParser) in the frame the client names, integers in hex with
// `format.hex`; without a frame, in the top frame of the first thread. Failures (e.g. "no symbol 'foo' in this frame") come
// back as the response's message, never as a pop-up. `f(1, 2)` calls the
// program's function in a live program, never for a hover.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../errors';
import { addressToHex } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { frameOrFirstThread, requireString } from './requestHandler';

type Body = DebugProtocol.EvaluateResponse['body'];

export const evaluate: RequestHandler<DebugProtocol.EvaluateArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('evaluate');
  const expression = requireString(args.expression, 'expression', 'evaluate').trim();
  if (expression === '') throw new UserError('InvalidArguments', 'There is nothing to evaluate.', false);
  const { tid, frameIndex: frame } = await frameOrFirstThread(ctx, helper, args.frameId, 'evaluate');
  // The context tells the helper not to call the program's functions for a hover.
  const request = { expression, tid, frame, ...(args.context ? { context: args.context } : {}) };
  const value = await helper.request('evaluate', args.format?.hex ? { ...request, hex: true } : request);
  ctx.referenceThreads.remember(value.ref, tid);
  const body: Body = { result: value.value, variablesReference: value.ref };
  if (value.type !== undefined) body.type = value.type;
  if (value.indexed) body.indexedVariables = value.indexed;
  if (value.named) body.namedVariables = value.named;
  if (value.memoryReference !== undefined) body.memoryReference = addressToHex(value.memoryReference);
  return body;
};
