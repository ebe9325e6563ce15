// `setBreakpoints`: replaces the breakpoints of one source file. Paths go
// through the source map to the names the debug information uses; the answer
// has one breakpoint per requested one, in order. Conditions, hit counts and
// log messages are not built yet: such breakpoints are reported unverified
// and not set, rather than set as plain breakpoints that would stop wrongly.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { toDapBreakpoint } from '../breakpointMapping';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

type Body = DebugProtocol.SetBreakpointsResponse['body'];

const notYet =
  'Conditions, hit counts and log messages are not available yet in this build of Rewind; this breakpoint is not set.';

export const setBreakpoints: RequestHandler<DebugProtocol.SetBreakpointsArguments, Body> = async (args, ctx) => {
  const source = args.source ?? {};
  const requested: DebugProtocol.SourceBreakpoint[] =
    args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
  for (const breakpoint of requested) requireInteger(breakpoint.line, 'breakpoints[].line', 'setBreakpoints');
  if (typeof source.path !== 'string' || source.path === '') {
    return {
      breakpoints: requested.map((breakpoint) => ({
        verified: false,
        line: breakpoint.line,
        message: 'Rewind sets breakpoints only in source files that have a path.',
      })),
    };
  }
  const plain = requested.filter((breakpoint) => !breakpoint.condition && !breakpoint.hitCondition && !breakpoint.logMessage);
  const helper = ctx.helper('setBreakpoints');
  const answer = await helper.request('setBreakpoints', {
    source: ctx.paths.toCompiled(source.path),
    lines: plain.map((breakpoint) => ctx.fromClientLine(breakpoint.line)),
  });
  let next = 0;
  const breakpoints = requested.map((breakpoint): DebugProtocol.Breakpoint => {
    if (breakpoint.condition || breakpoint.hitCondition || breakpoint.logMessage) {
      return { verified: false, line: breakpoint.line, source, message: notYet };
    }
    const set = answer.breakpoints[next++];
    if (!set) return { verified: false, line: breakpoint.line, source, message: 'rewind-helper gave no answer for this breakpoint.' };
    return toDapBreakpoint(set, ctx, source);
  });
  return { breakpoints };
};
