// `launch`: checks the arguments, waits for the helper started at
// `initialize`, has it start the program (stopped at its first instruction),
// shows the helper's warnings, and sends `initialized` so the client sets
// breakpoints and sends `configurationDone`.
import { InitializedEvent } from '@vscode/debugadapter';
import { UserError } from '../errors';
import { checkLaunchArguments } from '../launchArguments';
import type { RequestHandler } from './requestHandler';

export const launch: RequestHandler<Record<string, unknown>, undefined> = async (args, ctx) => {
  if (ctx.state.launched) {
    throw new UserError('InvalidArguments', 'This debug session has already launched a program; start a new session for another.');
  }
  const checked = checkLaunchArguments(args);
  const helper = await ctx.startHelper();
  ctx.paths = checked.paths;
  const result = await helper.request('launch', checked.helperArgs);
  ctx.state.launched = true;
  for (const note of checked.notes) ctx.console(note);
  for (const warning of result.warnings ?? []) ctx.console(`Warning: ${warning}`);
  ctx.sendEvent(new InitializedEvent());
  return undefined;
};
