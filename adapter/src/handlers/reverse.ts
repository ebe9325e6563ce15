// Reverse execution through the helper's recording: the standard DAP
// requests `stepBack` (line granularity or none = reverse-next,
// `instruction` = reverse-stepi) and `reverseContinue`, and the custom
// requests of Rewind's DAP contract (customRequests.ts) — reverseStepIn, reverseStepOut,
// startRecording, stopRecording, recordingInfo, travelTo, goToLastWrite
// (the instruction that last wrote a variable, a child, an expression or
// a memory range).
// Each travel answers at once; the `stopped` event says where in the
// history the program now is. A client knows that the standard requests
// move the program, not that the custom ones do: after a custom travel
// succeeds, a `continued` event goes out before the response, so the
// client drops what it showed of the old stop (VS Code's Variables view
// and the call stack's "Paused on …") and reads the new one afresh.
import { ContinuedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeValue, UserError } from '../errors';
import type { HelperRequests, WatchedBytesArgs } from '../helper/protocol';
import { helperArguments } from './dataBreakpointInfo';
import type { SessionContext } from '../sessionContext';
import type { WatchedBytesArguments } from '../customRequests';
import { type CustomRequestHandler, optionalNonNegative, requireInteger, type RequestHandler } from './requestHandler';

type TravelCommand = 'stepBack' | 'reverseStepIn' | 'reverseStepOut' | 'reverseContinue' | 'travelTo' | 'goToLastWrite';
const customTravels: ReadonlySet<TravelCommand> = new Set(['reverseStepIn', 'reverseStepOut', 'travelTo', 'goToLastWrite']);

async function travel<C extends TravelCommand>(ctx: SessionContext, command: C, args: HelperRequests[C]['args']): Promise<undefined> {
  const helper = ctx.helper(command);
  const threadId = ctx.lastStoppedThread;
  ctx.resuming();
  await helper.request(command, args);
  if (customTravels.has(command) && threadId !== undefined) ctx.sendEvent(new ContinuedEvent(threadId, true));
  return undefined;
}

export const stepBack: RequestHandler<DebugProtocol.StepBackArguments, undefined> = (args, ctx) =>
  travel(ctx, 'stepBack', {
    tid: requireInteger(args.threadId, 'threadId', 'stepBack'),
    granularity: args.granularity === 'instruction' ? 'instruction' : 'line',
  });

export const reverseContinue: RequestHandler<DebugProtocol.ReverseContinueArguments, undefined> = (_args, ctx) => travel(ctx, 'reverseContinue', {});

export const reverseStepIn: CustomRequestHandler<'reverseStepIn'> = (args, ctx) => travel(ctx, 'reverseStepIn', { tid: threadOf(args, ctx, 'reverseStepIn') });

export const reverseStepOut: CustomRequestHandler<'reverseStepOut'> = (args, ctx) =>
  travel(ctx, 'reverseStepOut', { tid: threadOf(args, ctx, 'reverseStepOut') });

export const travelTo: CustomRequestHandler<'travelTo'> = (args, ctx) => travel(ctx, 'travelTo', { index: requireInteger(args.index, 'index', 'travelTo') });

/**
 * `goToLastWrite`: the bytes of a variable or child (variablesReference +
 * name, as the Variables view's action sends), of an expression (expression
 * + frameId), or a memory range (address + bytes).
 */
export const goToLastWrite: CustomRequestHandler<'goToLastWrite'> = async (args, ctx) =>
  travel(ctx, 'goToLastWrite', await watchedBytes(args, ctx, 'goToLastWrite'));

/**
 * The bytes of a variable or child (variablesReference + name, as the
 * Variables view's action sends), of an expression (expression + frameId),
 * or a memory range (address + bytes), as the helper's history queries
 * take them.
 */
export async function watchedBytes(args: WatchedBytesArguments, ctx: SessionContext, command: string): Promise<WatchedBytesArgs> {
  if (args.address !== undefined) return { address: args.address, bytes: optionalNonNegative(args.bytes, 'bytes', command) ?? 1 };
  const named = args.name ?? args.expression;
  if (named === undefined) {
    throw new UserError(
      'InvalidArguments',
      `'${command}' needs a variable (variablesReference and name), an expression (with frameId), or an address and bytes.`,
      false,
    );
  }
  const info = await ctx
    .helper(command)
    .request('dataBreakpointInfo', await helperArguments({ name: named, variablesReference: args.variablesReference, frameId: args.frameId }, ctx));
  if (!info.dataId) throw new UserError('InvalidArguments', `${describeValue(named)} has no bytes in memory to look for: ${info.description}`);
  return { dataId: info.dataId };
}

export const startRecording: CustomRequestHandler<'startRecording'> = async (args, ctx) =>
  ctx.helper('startRecording').request('startRecording', { limit: optionalNonNegative(args.recordLimit, 'recordLimit', 'startRecording') });

export const stopRecording: CustomRequestHandler<'stopRecording'> = async (_args, ctx) => ctx.helper('stopRecording').request('stopRecording', {});

export const recordingInfo: CustomRequestHandler<'recordingInfo'> = async (_args, ctx) => ctx.helper('recordingInfo').request('recordingInfo', {});

/** The thread a custom reverse request acts on: the one given, else the stopped one. */
function threadOf(args: { threadId?: number }, ctx: SessionContext, command: string): number {
  if (args.threadId !== undefined && args.threadId !== null) return requireInteger(args.threadId, 'threadId', command);
  const tid = ctx.lastStoppedThread;
  if (tid === undefined) throw new UserError('NotStopped', `'${command}' needs a stopped thread; pause the program first.`);
  return tid;
}
