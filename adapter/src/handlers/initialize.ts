// `initialize`: records the client's conventions, starts the helper in the
// background (so it is ready by `launch`) and declares what Rewind supports,
// and only that.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeValue, UserError } from '../errors';
import { breakpointModes } from '../breakpointModes';
import { exceptionFilters } from '../exceptionFilters';
import type { RequestHandler } from './requestHandler';

export const initialize: RequestHandler<DebugProtocol.InitializeRequestArguments, DebugProtocol.Capabilities> = async (args, ctx) => {
  if (args.pathFormat !== undefined && args.pathFormat !== 'path') {
    throw new UserError('InvalidArguments', `Rewind works with file paths; the client asked for pathFormat ${describeValue(args.pathFormat)}.`);
  }
  ctx.linesStartAt1 = args.linesStartAt1 !== false;
  ctx.columnsStartAt1 = args.columnsStartAt1 !== false;
  ctx.clientRunsInTerminal = args.supportsRunInTerminalRequest === true;
  ctx.clientTakesInvalidated = args.supportsInvalidatedEvent === true;
  // A missing helper is reported by `launch`, where the user can act on it.
  void ctx.startHelper().catch(() => undefined);
  return {
    supportsConfigurationDoneRequest: true,
    supportsEvaluateForHovers: true,
    supportsTerminateRequest: true,
    supportsDelayedStackTraceLoading: true,
    supportsValueFormattingOptions: true,
    supportsSetVariable: true,
    supportsSetExpression: true,
    supportTerminateDebuggee: true,
    supportsFunctionBreakpoints: true,
    supportsConditionalBreakpoints: true,
    supportsBreakpointLocationsRequest: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsDataBreakpoints: true,
    supportsDataBreakpointBytes: true,
    supportsExceptionInfoRequest: true,
    supportsSingleThreadExecutionRequests: true,
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
    supportsDisassembleRequest: true,
    supportsModulesRequest: true,
    supportsLoadedSourcesRequest: true,
    supportsInstructionBreakpoints: true,
    supportsSteppingGranularity: true,
    exceptionBreakpointFilters: exceptionFilters,
    breakpointModes,
  };
};
