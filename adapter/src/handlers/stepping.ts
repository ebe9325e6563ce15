// Shared by `next`, `stepIn` and `stepOut`: the thread to step, the frame ids
// that die with the resume, and the helper request; `stopped` follows later.
import type { HelperClient } from '../helper/helperClient';
import type { SessionContext } from '../sessionContext';
import { requireInteger } from './requestHandler';

export async function stepThread(
  command: 'next' | 'stepIn' | 'stepOut',
  args: { threadId?: unknown },
  ctx: SessionContext,
): Promise<undefined> {
  const helper: HelperClient = ctx.helper(command);
  const tid = requireInteger(args.threadId, 'threadId', command);
  ctx.resuming();
  await helper.request(command, { tid });
  return undefined;
}
