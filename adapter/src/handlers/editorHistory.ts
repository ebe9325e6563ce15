// Custom requests for an editor that shows the recorded history next to the
// source (the Rewind language server, lsp/): `scopeDeclarations` (`{frameId}`
// → the function and the variables its frame sees, each with its DWARF
// declaration line, for inline values) and `writeHistory` (a variable, an
// expression or an address range, as goToLastWrite takes them, and `count`
// → the history positions of its last recorded writes, newest first, for a
// hover whose links travel there with `travelTo`) and `codeLines` (`{file,
// endLine}` → the lines of the file where a statement starts, for the lines
// that never ran; the standard `breakpointLocations` cannot serve an
// extension: VS Code rewrites the `source` of requests it knows, and in a
// remote window (code-server, SSH) an extension's plain path becomes a
// `vscode-local:` URI). None moves the program.
import { UserError } from '../errors';
import { type CustomRequestHandler, frameLocation, optionalNonNegative, requireInteger } from './requestHandler';
import { watchedBytes } from './reverse';

export const scopeDeclarations: CustomRequestHandler<'scopeDeclarations'> = async (args, ctx) => {
  const location = frameLocation(ctx, args?.frameId, 'scopeDeclarations');
  const body = await ctx.helper('scopeDeclarations').request('scopeDeclarations', { tid: location.tid, frame: location.frameIndex });
  return body.file === undefined ? body : { ...body, file: ctx.paths.toLocal(body.file) };
};

export const writeHistory: CustomRequestHandler<'writeHistory'> = async (args, ctx) => {
  const count = optionalNonNegative(args?.count, 'count', 'writeHistory');
  const bytes = await watchedBytes(args ?? {}, ctx, 'writeHistory');
  return ctx.helper('writeHistory').request('writeHistory', { ...bytes, ...(count !== undefined ? { count } : {}) });
};

/** Lines of `file` (1 to `endLine`) where the line table starts a statement, ascending, each once. */
export const codeLines: CustomRequestHandler<'codeLines'> = async (args, ctx) => {
  const file = args?.file;
  if (typeof file !== 'string' || file === '') {
    throw new UserError('InvalidArguments', "'codeLines' needs `file`, the path of a source file.", false);
  }
  const endLine = requireInteger(args.endLine, 'endLine', 'codeLines');
  if (endLine < 1) return { lines: [] };
  const answer = await ctx.helper('codeLines').request('breakpointLocations', {
    source: ctx.paths.toCompiled(file),
    line: ctx.fromClientLine(1),
    endLine: ctx.fromClientLine(endLine),
  });
  const lines = new Set(answer.locations.map((location) => ctx.toClientLine(location.line)));
  return { lines: [...lines].sort((a, b) => a - b) };
};
