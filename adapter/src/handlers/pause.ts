// `pause`: the helper interrupts the program; a `stopped` event with reason
// `pause` follows (none when it was already stopped). Pausing a GPU thread
// interrupts the GPU threads instead.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isGpuThread } from '../gpuThreads';
import type { RequestHandler } from './requestHandler';

export const pause: RequestHandler<DebugProtocol.PauseArguments> = async (args, ctx) => {
  const gpu = typeof args?.threadId === 'number' && isGpuThread(args.threadId);
  await ctx.helper('pause').request(gpu ? 'gpuPause' : 'pause', {});
  return undefined;
};
