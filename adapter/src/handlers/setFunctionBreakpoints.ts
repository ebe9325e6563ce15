// `setFunctionBreakpoints`: replaces every function breakpoint. A name is a
// C function, a C++ qualified name (every overload) or an unqualified C++
// name (every class and namespace); the helper finds the functions and stops
// after their prologue. Conditions, hit conditions and modes work as on lines; a
// name found nowhere stays pending (unverified, with the helper's message).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { checkBreakpointOptions } from '../breakpointOptions';
import { toDapBreakpoint } from '../breakpointMapping';
import type { HelperFunctionBreakpoint } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';

type Body = DebugProtocol.SetFunctionBreakpointsResponse['body'];

type Checked = { ok: true; request: HelperFunctionBreakpoint } | { ok: false; problem: string };

function check(breakpoint: DebugProtocol.FunctionBreakpoint): Checked {
  if (typeof breakpoint.name !== 'string' || breakpoint.name.trim() === '') {
    return { ok: false, problem: 'A function breakpoint needs the name of a function.' };
  }
  const checked = checkBreakpointOptions({
    condition: breakpoint.condition,
    hitCondition: breakpoint.hitCondition,
    mode: (breakpoint as { mode?: unknown }).mode,
  });
  if (!checked.ok) return checked;
  return { ok: true, request: { name: breakpoint.name.trim(), ...checked.options } };
}

export const setFunctionBreakpoints: RequestHandler<DebugProtocol.SetFunctionBreakpointsArguments, Body> = async (args, ctx) => {
  const checked = (Array.isArray(args.breakpoints) ? args.breakpoints : []).map(check);
  const toSet = checked.flatMap((outcome) => (outcome.ok ? [outcome.request] : []));
  const answer = await ctx.helper('setFunctionBreakpoints').request('setFunctionBreakpoints', { breakpoints: toSet });
  let next = 0;
  const breakpoints = checked.map((outcome): DebugProtocol.Breakpoint => {
    if (!outcome.ok) return { verified: false, message: outcome.problem };
    const set = answer.breakpoints[next++];
    if (!set) return { verified: false, message: 'rewind-helper gave no answer for this breakpoint.' };
    return toDapBreakpoint(set, ctx);
  });
  return { breakpoints };
};
