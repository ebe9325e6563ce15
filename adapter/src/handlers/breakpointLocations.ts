// `breakpointLocations`: where in a range of lines a breakpoint can stop —
// each statement the line table starts there, with its column (VS Code
// offers them as inline breakpoint positions). `column` and `endColumn`
// narrow the first and last line. The path goes through the source map;
// lines and columns follow the client's numbering.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

type Body = DebugProtocol.BreakpointLocationsResponse['body'];

export const breakpointLocations: RequestHandler<DebugProtocol.BreakpointLocationsArguments, Body> = async (args, ctx) => {
  const command = 'breakpointLocations';
  const path = args.source?.path;
  if (typeof path !== 'string' || path === '') return { breakpoints: [] }; // only files have statements
  const line = requireInteger(args.line, 'line', command);
  const endLine = args.endLine === undefined || args.endLine === null ? line : requireInteger(args.endLine, 'endLine', command);
  const answer = await ctx.helper(command).request(command, {
    source: ctx.paths.toCompiled(path),
    line: ctx.fromClientLine(line),
    endLine: ctx.fromClientLine(endLine),
  });
  const breakpoints: DebugProtocol.BreakpointLocation[] = [];
  for (const location of answer.locations) {
    const clientLine = ctx.toClientLine(location.line);
    const column = location.column === undefined ? undefined : ctx.toClientColumn(location.column);
    if (column !== undefined && clientLine === line && args.column !== undefined && column < args.column) continue;
    if (column !== undefined && clientLine === endLine && args.endColumn !== undefined && column > args.endColumn) continue;
    breakpoints.push(column === undefined ? { line: clientLine } : { line: clientLine, column });
  }
  return { breakpoints };
};
