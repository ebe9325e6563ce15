// Shared by `next`, `stepIn` and `stepOut`: the thread to step, the frame ids
// that die with the resume, and the helper request; `stopped` follows later.
// With `singleThread` the other threads stay stopped even while a called
// function runs to its end. `granularity: instruction` steps one machine
// instruction (over calls for `next`); statement and line mean a source line.
import type { HelperClient } from '../helper/helperClient';
import type { StepArgs } from '../helper/protocol';
import type { SessionContext } from '../sessionContext';
import { requireInteger } from './requestHandler';

export async function stepThread(
  command: 'next' | 'stepIn' | 'stepOut',
  args: { threadId?: unknown; singleThread?: unknown; granularity?: unknown },
  ctx: SessionContext,
): Promise<undefined> {
  const helper: HelperClient = ctx.helper(command);
  const tid = requireInteger(args.threadId, 'threadId', command);
  ctx.resuming();
  const request: StepArgs = { tid };
  if (args.singleThread === true) request.singleThread = true;
  if (args.granularity === 'instruction') request.granularity = 'instruction';
  await helper.request(command, request);
  return undefined;
}
