// `setExpression`: an assignable expression of a watch (`p->x`, `arr[2]`,
// `*ptr`, `$rax`) gets the value of another expression, both evaluated by
// the helper in the client's frame (or the first thread's top frame).
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SetExpressionArgs } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { frameOrFirstThread, requireString } from './requestHandler';
import { setResponseBody } from './setVariable';

type Body = DebugProtocol.SetExpressionResponse['body'];

export const setExpression: RequestHandler<DebugProtocol.SetExpressionArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('setExpression');
  const expression = requireString(args.expression, 'expression', 'setExpression');
  const value = requireString(args.value, 'value', 'setExpression');
  const { tid, frameIndex: frame } = await frameOrFirstThread(ctx, helper, args.frameId, 'setExpression');
  const request: SetExpressionArgs = { expression, value, tid, frame };
  if (args.format?.hex) request.hex = true;
  const answer = await helper.request('setExpression', request);
  ctx.referenceThreads.remember(answer.ref, tid);
  return setResponseBody(answer);
};
