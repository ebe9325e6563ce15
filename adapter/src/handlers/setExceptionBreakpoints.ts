// `setExceptionBreakpoints`: Rewind declares no exception filters yet, so an
// empty list is accepted and anything else is refused by name.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../errors';
import type { RequestHandler } from './requestHandler';

export const setExceptionBreakpoints: RequestHandler<DebugProtocol.SetExceptionBreakpointsArguments, undefined> = async (
  args,
) => {
  const filters = [...(args.filters ?? []), ...(args.filterOptions ?? []).map((option) => option.filterId)];
  if (filters.length > 0) {
    throw new UserError('InvalidArguments', `Rewind has no exception filter named ${filters.map((f) => `'${f}'`).join(', ')}.`, false);
  }
  return undefined;
};
