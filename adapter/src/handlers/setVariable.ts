// `setVariable`: a variable of the Variables view (a local, a global, a
// member, an element, a general register) gets the value of an expression
// the helper evaluates in the variable's frame and converts to its type;
// the response is the value as it reads back. Refusals ("cannot change
// 'x': it is optimized out") come back as the response's message.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { addressToHex, type HelperVariable, type SetVariableArgs } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger, requireString } from './requestHandler';

type Body = DebugProtocol.SetVariableResponse['body'];

export const setVariable: RequestHandler<DebugProtocol.SetVariableArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('setVariable');
  const request: SetVariableArgs = {
    ref: requireInteger(args.variablesReference, 'variablesReference', 'setVariable'),
    name: requireString(args.name, 'name', 'setVariable'),
    value: requireString(args.value, 'value', 'setVariable'),
  };
  if (args.format?.hex) request.hex = true;
  const answer = await helper.request('setVariable', request);
  ctx.referenceThreads.remember(answer.ref, ctx.referenceThreads.threadOf(request.ref));
  return setResponseBody(answer);
};

/** The body of a setVariable or setExpression response from the helper's variable. */
export function setResponseBody(variable: HelperVariable): Body {
  const body: Body = { value: variable.value, variablesReference: variable.ref };
  if (variable.type !== undefined) body.type = variable.type;
  if (variable.indexed) body.indexedVariables = variable.indexed;
  if (variable.named) body.namedVariables = variable.named;
  if (variable.memoryReference !== undefined) body.memoryReference = addressToHex(variable.memoryReference);
  return body;
}
