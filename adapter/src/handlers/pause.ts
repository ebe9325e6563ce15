// `pause`: the helper interrupts the program; a `stopped` event with reason
// `pause` follows (none when it was already stopped).
import type { RequestHandler } from './requestHandler';

export const pause: RequestHandler = async (_args, ctx) => {
  await ctx.helper('pause').request('pause', {});
  return undefined;
};
