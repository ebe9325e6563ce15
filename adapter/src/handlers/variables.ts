// `variables`: the children of a variables reference, a page at a time
// (start/count). Helper references pass through unchanged; they die when the
// program resumes. The helper has no named/indexed filter: for `named`, the
// `[n]` elements are left out here.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { addressToHex, type HelperVariable, type VariablesArgs } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { optionalNonNegative, requireInteger } from './requestHandler';

type Body = DebugProtocol.VariablesResponse['body'];

export const variables: RequestHandler<DebugProtocol.VariablesArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('variables');
  const ref = requireInteger(args.variablesReference, 'variablesReference', 'variables');
  const request: VariablesArgs = { ref };
  const start = optionalNonNegative(args.start, 'start', 'variables');
  const count = optionalNonNegative(args.count, 'count', 'variables');
  if (start !== undefined) request.start = start;
  if (count !== undefined && count > 0) request.count = count;
  const answer = await helper.request('variables', request);
  let children = answer.variables;
  if (args.filter === 'named') children = children.filter((child) => !child.name.startsWith('['));
  return { variables: children.map(toDapVariable) };
};

export function toDapVariable(variable: HelperVariable): DebugProtocol.Variable {
  const result: DebugProtocol.Variable = {
    name: variable.name,
    value: variable.value,
    variablesReference: variable.ref,
  };
  if (variable.type !== undefined) result.type = variable.type;
  if (variable.indexed) result.indexedVariables = variable.indexed;
  if (variable.named) result.namedVariables = variable.named;
  if (variable.memoryReference !== undefined) result.memoryReference = addressToHex(variable.memoryReference);
  return result;
}
