// Custom requests for an editor that shows the recorded history next to the
// source (the Rewind language server, lsp/): `scopeDeclarations` (`{frameId}`
// → the function and the variables its frame sees, each with its DWARF
// declaration line, for inline values) and `writeHistory` (a variable, an
// expression or an address range, as goToLastWrite takes them, and `count`
// → the history positions of its last recorded writes, newest first, for a
// hover whose links travel there with `travelTo`). Neither moves the program.
import type { ScopeDeclarationsBody, WriteHistoryBody } from '../helper/protocol';
import { frameLocation, optionalNonNegative, type RequestHandler } from './requestHandler';
import { type GoToLastWriteArguments, watchedBytes } from './reverse';

export const scopeDeclarations: RequestHandler<{ frameId?: number }, ScopeDeclarationsBody> = async (args, ctx) => {
  const location = frameLocation(ctx, args?.frameId, 'scopeDeclarations');
  const body = await ctx.helper('scopeDeclarations').request('scopeDeclarations', { tid: location.tid, frame: location.frameIndex });
  return body.file === undefined ? body : { ...body, file: ctx.paths.toLocal(body.file) };
};

export const writeHistory: RequestHandler<GoToLastWriteArguments & { count?: number }, WriteHistoryBody> = async (args, ctx) => {
  const count = optionalNonNegative(args?.count, 'count', 'writeHistory');
  const bytes = await watchedBytes(args ?? {}, ctx, 'writeHistory');
  return ctx.helper('writeHistory').request('writeHistory', { ...bytes, ...(count !== undefined ? { count } : {}) });
};
