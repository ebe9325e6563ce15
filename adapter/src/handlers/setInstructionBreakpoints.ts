// `setInstructionBreakpoints`: replaces every instruction breakpoint (set in
// the disassembly view). Each is an instruction reference plus an optional
// byte offset, with an optional condition and hit condition that the helper
// evaluates, in software or hardware mode (`breakpointModes`); the answer
// has one breakpoint per request, in order.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { breakpointModeProblem } from '../breakpointModes';
import { describeValue, UserError } from '../errors';
import { addressToHex, type HelperInstructionBreakpoint } from '../helper/protocol';
import { optionalOffset, parseMemoryReference } from '../memoryReference';
import type { RequestHandler } from './requestHandler';

type Body = DebugProtocol.SetInstructionBreakpointsResponse['body'];

export const setInstructionBreakpoints: RequestHandler<DebugProtocol.SetInstructionBreakpointsArguments, Body> = async (args, ctx) => {
  const command = 'setInstructionBreakpoints';
  if (!Array.isArray(args.breakpoints)) {
    throw new UserError('InvalidArguments', `'${command}' needs 'breakpoints' as an array.`, false);
  }
  const requested = args.breakpoints.map((breakpoint, index): HelperInstructionBreakpoint => {
    const base = BigInt(parseMemoryReference(breakpoint.instructionReference, command, `breakpoints[${index}].instructionReference`));
    const address = base + BigInt(optionalOffset(breakpoint.offset, 'offset', command));
    if (address < 0n || address >= 1n << 64n) {
      throw new UserError(
        'InvalidArguments',
        `'${command}': ${describeValue(breakpoint.instructionReference)} with offset ${describeValue(breakpoint.offset)} is not an address.`,
        false,
      );
    }
    const result: HelperInstructionBreakpoint = { address: `0x${address.toString(16)}` };
    if (breakpoint.condition) result.condition = breakpoint.condition;
    if (breakpoint.hitCondition) result.hitCondition = breakpoint.hitCondition;
    const modeProblem = breakpointModeProblem(breakpoint.mode);
    if (modeProblem) throw new UserError('InvalidArguments', `'${command}': ${modeProblem}`, false);
    if (breakpoint.mode === 'hardware') result.mode = 'hardware';
    return result;
  });
  const helper = ctx.helper(command);
  const answer = await helper.request(command, { breakpoints: requested });
  return {
    breakpoints: answer.breakpoints.map((placed): DebugProtocol.Breakpoint => {
      const result: DebugProtocol.Breakpoint = { id: placed.id, verified: placed.verified, instructionReference: addressToHex(placed.address) };
      if (placed.message) result.message = placed.message;
      return result;
    }),
  };
};
