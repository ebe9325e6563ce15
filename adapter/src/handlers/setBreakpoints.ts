// `setBreakpoints`: replaces the breakpoints of one source file. Paths go
// through the source map to the names the debug information uses; the answer
// has one breakpoint per requested one, in order. Conditions, hit conditions
// and log messages go to the helper, which evaluates them next to the
// program; a breakpoint whose options cannot be understood is answered
// unverified with the reason and is not set, and the others are. A column
// (an inline breakpoint at a place breakpointLocations gave) puts the
// breakpoint on that statement of the line only. The same lines go to the
// GPU side too: a line the program's code lacks but GPU code has is
// verified there (armed before the GPU kernels run).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { checkBreakpointOptions } from '../breakpointOptions';
import { toDapBreakpoint } from '../breakpointMapping';
import { gpuBreakpointKey } from '../gpuThreads';
import type { HelperSourceBreakpoint } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

type Body = DebugProtocol.SetBreakpointsResponse['body'];

export const setBreakpoints: RequestHandler<DebugProtocol.SetBreakpointsArguments, Body> = async (args, ctx) => {
  const source = args.source ?? {};
  const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
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
  const checked = requested.map((breakpoint) => checkBreakpointOptions(breakpoint));
  const toSet: HelperSourceBreakpoint[] = [];
  requested.forEach((breakpoint, index) => {
    const outcome = checked[index];
    if (!outcome.ok) return;
    const request: HelperSourceBreakpoint = { line: ctx.fromClientLine(breakpoint.line), ...outcome.options };
    if (typeof breakpoint.column === 'number' && Number.isInteger(breakpoint.column)) {
      const column = ctx.fromClientColumn(breakpoint.column);
      if (column > 0) request.column = column;
    }
    toSet.push(request);
  });
  const helper = ctx.helper('setBreakpoints');
  const compiled = ctx.paths.toCompiled(source.path);
  const answer = await helper.request('setBreakpoints', { source: compiled, breakpoints: toSet });
  const gpu = await helper.request('gpuSetBreakpoints', { file: compiled, lines: toSet.map((breakpoint) => breakpoint.line) });
  for (const key of [...ctx.gpuPendingBreakpoints.keys()]) {
    if (key.startsWith(`${compiled}\n`)) ctx.gpuPendingBreakpoints.delete(key);
  }
  let next = 0;
  const breakpoints = requested.map((breakpoint, index): DebugProtocol.Breakpoint => {
    const outcome = checked[index];
    if (!outcome.ok) return { verified: false, line: breakpoint.line, source, message: outcome.problem };
    const gpuSet = gpu.breakpoints[next];
    const set = answer.breakpoints[next++];
    if (!set) return { verified: false, line: breakpoint.line, source, message: 'rewind-helper gave no answer for this breakpoint.' };
    const placed = toDapBreakpoint(set, ctx, source);
    if (!placed.verified && gpuSet?.verified) return { ...placed, verified: true, message: 'In GPU code.' };
    // Verified later (a `breakpoint` event) if GPU code with this line loads.
    if (!placed.verified && gpuSet && placed.id !== undefined) ctx.gpuPendingBreakpoints.set(gpuBreakpointKey(compiled, gpuSet.line), placed);
    return placed;
  });
  return { breakpoints };
};
