// `configurationDone`: breakpoints are set; the helper lets the program run
// (or reports the entry stop when the launch asked for `stopOnEntry`).
import type { RequestHandler } from './requestHandler';

export const configurationDone: RequestHandler = async (_args, ctx) => {
  const helper = ctx.helper('configurationDone');
  ctx.state.configured = true;
  ctx.resuming();
  await helper.request('configurationDone', {});
  return undefined;
};
