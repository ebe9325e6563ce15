// Reverse execution through the helper's recording: the standard DAP
// requests `stepBack` (line granularity or none = reverse-next,
// `instruction` = reverse-stepi) and `reverseContinue`, and the custom
// requests of the DESIGN.md contract — reverseStepIn, reverseStepOut,
// startRecording, stopRecording, recordingInfo, travelTo, goToLastWrite.
// Each travel answers at once; the `stopped` event says where in the
// history the program now is.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../errors';
import type { HelperRequests } from '../helper/protocol';
import type { SessionContext } from '../sessionContext';
import { optionalNonNegative, requireInteger, type RequestHandler } from './requestHandler';

type TravelCommand = 'stepBack' | 'reverseStepIn' | 'reverseStepOut' | 'reverseContinue' | 'travelTo' | 'goToLastWrite';

async function travel<C extends TravelCommand>(ctx: SessionContext, command: C, args: HelperRequests[C]['args']): Promise<undefined> {
  const helper = ctx.helper(command);
  ctx.resuming();
  await helper.request(command, args);
  return undefined;
}

export const stepBack: RequestHandler<DebugProtocol.StepBackArguments, undefined> = (args, ctx) =>
  travel(ctx, 'stepBack', {
    tid: requireInteger(args.threadId, 'threadId', 'stepBack'),
    granularity: args.granularity === 'instruction' ? 'instruction' : 'line',
  });

export const reverseContinue: RequestHandler<DebugProtocol.ReverseContinueArguments, undefined> = (_args, ctx) =>
  travel(ctx, 'reverseContinue', {});

export const reverseStepIn: RequestHandler<{ threadId?: number }, undefined> = (args, ctx) =>
  travel(ctx, 'reverseStepIn', { tid: threadOf(args, ctx, 'reverseStepIn') });

export const reverseStepOut: RequestHandler<{ threadId?: number }, undefined> = (args, ctx) =>
  travel(ctx, 'reverseStepOut', { tid: threadOf(args, ctx, 'reverseStepOut') });

export const travelTo: RequestHandler<{ index?: number }, undefined> = (args, ctx) =>
  travel(ctx, 'travelTo', { index: requireInteger(args.index, 'index', 'travelTo') });

export const goToLastWrite: RequestHandler<{ address?: string | number; bytes?: number }, undefined> = (args, ctx) => {
  if (args.address === undefined) throw new UserError('InvalidArguments', "'goToLastWrite' needs 'address' (a memory reference).", false);
  return travel(ctx, 'goToLastWrite', { address: args.address, bytes: optionalNonNegative(args.bytes, 'bytes', 'goToLastWrite') ?? 1 });
};

export const startRecording: RequestHandler<{ recordLimit?: number }, unknown> = async (args, ctx) =>
  ctx.helper('startRecording').request('startRecording', { limit: optionalNonNegative(args.recordLimit, 'recordLimit', 'startRecording') });

export const stopRecording: RequestHandler<Record<string, never>, unknown> = async (_args, ctx) =>
  ctx.helper('stopRecording').request('stopRecording', {});

export const recordingInfo: RequestHandler<Record<string, never>, unknown> = async (_args, ctx) =>
  ctx.helper('recordingInfo').request('recordingInfo', {});

/** The thread a custom reverse request acts on: the one given, else the stopped one. */
function threadOf(args: { threadId?: number }, ctx: SessionContext, command: string): number {
  if (args.threadId !== undefined && args.threadId !== null) return requireInteger(args.threadId, 'threadId', command);
  const tid = ctx.lastStoppedThread;
  if (tid === undefined) throw new UserError('NotStopped', `'${command}' needs a stopped thread; pause the program first.`);
  return tid;
}
