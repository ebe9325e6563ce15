// `variables`: the children of a variables reference, a page at a time
// (start/count), only the named or only the indexed ones when the client
// filters (a 10,000,000-element vector is asked for in chunks of indexed
// children), integers in hex with `format.hex`. Helper references pass
// through unchanged; they die when the program resumes; a child's reference
// belongs to its parent's thread. Each child carries its evaluateName.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { addressToHex, type HelperVariable, type VariablesArgs } from '../helper/protocol';
import { gpuPcVariable, gpuRegistersBase, isGpuRegisters, toDapGpuRegister } from '../gpuThreads';
import type { RequestHandler } from './requestHandler';
import { optionalNonNegative, requireInteger } from './requestHandler';

type Body = DebugProtocol.VariablesResponse['body'];

export const variables: RequestHandler<DebugProtocol.VariablesArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('variables');
  const ref = requireInteger(args.variablesReference, 'variablesReference', 'variables');
  if (isGpuRegisters(ref)) {
    // A GPU thread's registers, after its pc (which opens GPU memory).
    const thread = ref - gpuRegistersBase;
    const { threads } = await helper.request('gpuThreads', {});
    const stopped = threads.find((candidate) => candidate.id === thread);
    const { registers } = await helper.request('gpuRegisters', { thread });
    const pc = stopped ? gpuPcVariable(stopped) : undefined;
    return { variables: [...(pc ? [pc] : []), ...registers.map(toDapGpuRegister)] };
  }
  const request: VariablesArgs = { ref };
  const start = optionalNonNegative(args.start, 'start', 'variables');
  const count = optionalNonNegative(args.count, 'count', 'variables');
  if (start !== undefined) request.start = start;
  if (count !== undefined && count > 0) request.count = count;
  if (args.filter === 'named' || args.filter === 'indexed') request.filter = args.filter;
  if (args.format?.hex) request.hex = true;
  const answer = await helper.request('variables', request);
  const tid = ctx.referenceThreads.threadOf(ref);
  for (const child of answer.variables) ctx.referenceThreads.remember(child.ref, tid);
  return { variables: answer.variables.map(toDapVariable) };
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
  if (variable.evaluateName) result.evaluateName = variable.evaluateName;
  return result;
}
