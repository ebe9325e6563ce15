// `setExceptionBreakpoints`: which of Rewind's exception filters are on
// (exceptionFilters.ts); the helper stops on those signals, throws and
// panics. An unknown filter is refused by name and changes nothing.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeValue, UserError } from '../errors';
import { unknownFilters } from '../exceptionFilters';
import type { RequestHandler } from './requestHandler';

export const setExceptionBreakpoints: RequestHandler<DebugProtocol.SetExceptionBreakpointsArguments, undefined> = async (args, ctx) => {
  const filters = [...(args.filters ?? []), ...(args.filterOptions ?? []).map((option) => option.filterId)];
  if (filters.some((filter) => typeof filter !== 'string')) {
    throw new UserError('InvalidArguments', "'setExceptionBreakpoints' needs 'filters' as a list of filter ids.", false);
  }
  const unknown = unknownFilters(filters);
  if (unknown.length > 0) {
    throw new UserError('InvalidArguments', `Rewind has no exception filter named ${unknown.map((f) => describeValue(f)).join(', ')}.`, false);
  }
  await ctx.helper('setExceptionBreakpoints').request('setExceptionBreakpoints', { filters: [...new Set(filters)] });
  return undefined;
};
