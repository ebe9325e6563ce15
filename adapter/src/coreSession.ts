// A session on a core dump (`launch` with `coreFile`): the helper opens the
// core with the program's symbols (`openCore`); threads, call stacks,
// variables, memory and disassembly then work as at a stop, and the helper
// reports that stop (the signal that ended the process) after
// configurationDone. Nothing runs: requests that would run the program are
// refused by the helper ("a core file cannot run"), and the breakpoint
// requests a client sends while it configures are answered here, every
// breakpoint unverified with the reason, so that no error pops up.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { HelperClient } from './helper/helperClient';
import type { RequestHandler } from './handlers/requestHandler';
import type { SessionContext } from './sessionContext';

const notRunning = 'A core file cannot run: breakpoints are not used when inspecting a core dump.';

/** Opens `core` (a dump of `program`) in the helper and says what it is. */
export async function openCoreFile(ctx: SessionContext, helper: HelperClient, core: string, program: string): Promise<void> {
  const result = await helper.request('openCore', { core, program });
  ctx.state.launched = true;
  ctx.state.coreFile = true;
  const ending = result.signal ? `, which ended with ${result.signal}` : '';
  ctx.console(`Core dump ${core} of process ${result.pid} (${result.program})${ending}. It can be inspected; it cannot run.`);
  for (const warning of result.warnings ?? []) ctx.console(`Warning: ${warning}`);
}

function unverified(count: number): DebugProtocol.Breakpoint[] {
  return Array.from({ length: count }, () => ({ verified: false, message: notRunning }));
}

function countOf(list: unknown): number {
  return Array.isArray(list) ? list.length : 0;
}

/** Answers that replace the usual handlers while the session is a core dump. */
export const coreFileHandlers: Readonly<Record<string, RequestHandler>> = {
  setBreakpoints: async (args: DebugProtocol.SetBreakpointsArguments) => ({
    breakpoints: unverified(countOf(args.breakpoints ?? args.lines)).map((breakpoint, index) => ({
      ...breakpoint,
      line: args.breakpoints?.[index]?.line ?? args.lines?.[index],
    })),
  }),
  setFunctionBreakpoints: async (args: DebugProtocol.SetFunctionBreakpointsArguments) => ({ breakpoints: unverified(countOf(args.breakpoints)) }),
  setDataBreakpoints: async (args: DebugProtocol.SetDataBreakpointsArguments) => ({ breakpoints: unverified(countOf(args.breakpoints)) }),
  setInstructionBreakpoints: async (args: DebugProtocol.SetInstructionBreakpointsArguments) => ({ breakpoints: unverified(countOf(args.breakpoints)) }),
  setExceptionBreakpoints: async () => undefined,
  breakpointLocations: async () => ({ breakpoints: [] }),
};
