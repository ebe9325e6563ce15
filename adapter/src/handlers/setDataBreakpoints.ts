// `setDataBreakpoints`: replaces every data breakpoint. Each names a dataId
// from `dataBreakpointInfo`, an access type and optionally a condition and a
// hit condition, which the helper judges after each access; the helper puts
// them in the CPU's debug registers (or software watchpoints). The answer
// has one breakpoint per requested one, in order: those it cannot set
// (registers used up, a hit condition it would not understand) are
// unverified with the reason.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { checkBreakpointOptions } from '../breakpointOptions';
import { dataBreakpointClientId } from '../dataBreakpointIds';
import type { HelperDataBreakpoint } from '../helper/protocol';
import type { RequestHandler } from './requestHandler';

type Body = DebugProtocol.SetDataBreakpointsResponse['body'];
type Checked = { ok: true; request: HelperDataBreakpoint } | { ok: false; problem: string };

const accessTypes = new Set(['read', 'write', 'readWrite']);

function check(breakpoint: DebugProtocol.DataBreakpoint): Checked {
  if (typeof breakpoint.dataId !== 'string' || breakpoint.dataId === '') {
    return { ok: false, problem: 'A data breakpoint needs the dataId that dataBreakpointInfo gave.' };
  }
  const request: HelperDataBreakpoint = { dataId: breakpoint.dataId };
  if (breakpoint.accessType !== undefined) {
    if (!accessTypes.has(breakpoint.accessType)) {
      return { ok: false, problem: `The access type '${String(breakpoint.accessType)}' is not one of read, write, readWrite.` };
    }
    request.accessType = breakpoint.accessType;
  }
  const checked = checkBreakpointOptions({ condition: breakpoint.condition, hitCondition: breakpoint.hitCondition });
  if (!checked.ok) return checked;
  if (checked.options.condition !== undefined) request.condition = checked.options.condition;
  if (checked.options.hitCondition !== undefined) request.hitCondition = checked.options.hitCondition;
  return { ok: true, request };
}

export const setDataBreakpoints: RequestHandler<DebugProtocol.SetDataBreakpointsArguments, Body> = async (args, ctx) => {
  const checked = (Array.isArray(args.breakpoints) ? args.breakpoints : []).map(check);
  const toSet = checked.flatMap((outcome) => (outcome.ok ? [outcome.request] : []));
  const answer = await ctx.helper('setDataBreakpoints').request('setDataBreakpoints', { breakpoints: toSet });
  let next = 0;
  const breakpoints = checked.map((outcome): DebugProtocol.Breakpoint => {
    if (!outcome.ok) return { verified: false, message: outcome.problem };
    const set = answer.breakpoints[next++];
    if (!set) return { verified: false, message: 'rewind-helper gave no answer for this data breakpoint.' };
    const result: DebugProtocol.Breakpoint = { verified: set.verified };
    if (set.id !== undefined) result.id = dataBreakpointClientId(set.id);
    if (set.message) result.message = set.message;
    return result;
  });
  return { breakpoints };
};
