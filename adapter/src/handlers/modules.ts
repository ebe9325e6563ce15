// `modules`: the program and the libraries loaded into it, a page at a time
// (startModule/moduleCount), with address ranges and where their symbols
// come from. Ids are the module paths, the same ids `module` events use.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { addressToHex, type HelperModuleDescription } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { optionalNonNegative } from './requestHandler';

type Body = DebugProtocol.ModulesResponse['body'];

export const modules: RequestHandler<DebugProtocol.ModulesArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('modules');
  const start = optionalNonNegative(args.startModule, 'startModule', 'modules') ?? 0;
  const count = optionalNonNegative(args.moduleCount, 'moduleCount', 'modules') ?? 0;
  const answer = await helper.request('modules', {});
  const page = answer.modules.slice(start, count > 0 ? start + count : undefined);
  return { modules: page.map(toDapModule), totalModules: answer.modules.length };
};

export function toDapModule(module: HelperModuleDescription): DebugProtocol.Module {
  const result: DebugProtocol.Module = {
    id: module.path || module.name,
    name: module.name,
    path: module.path,
    symbolStatus: module.hasSymbols ? 'Symbols loaded.' : 'No symbols.',
    addressRange: `${addressToHex(module.base)}-${addressToHex(module.end)}`,
  };
  if (module.symbolFile !== undefined) result.symbolFilePath = module.symbolFile;
  return result;
}
