// `attach`: checks the arguments, waits for the helper started at
// `initialize`, has it stop every thread of the running process, shows its
// warnings, and sends `initialized` so the client sets breakpoints and sends
// `configurationDone` (which lets the process run on, or with `stopOnEntry`
// reports where it was). The helper's refusals (no such process, already
// traced, Yama, permissions) reach the user as the helper words them.
import { InitializedEvent } from '@vscode/debugadapter';
import fs from 'node:fs';
import { checkAttachArguments } from '../attachArguments';
import { UserError } from '../errors';
import type { RequestHandler } from './requestHandler';

function sameFile(first: string, second: string): boolean {
  try {
    return fs.realpathSync(first) === fs.realpathSync(second);
  } catch {
    return first === second;
  }
}

export const attach: RequestHandler<Record<string, unknown>, undefined> = async (args, ctx) => {
  if (ctx.state.launched) {
    throw new UserError('InvalidArguments', 'This debug session already has a program; start a new session to attach to another.');
  }
  const checked = checkAttachArguments(args);
  const helper = await ctx.startHelper();
  ctx.paths = checked.paths;
  const result = await helper.request('attach', checked.helperArgs);
  ctx.state.launched = true;
  ctx.state.attached = true;
  ctx.console(`Attached to process ${result.pid} (${result.program || 'executable unknown'}).`);
  if (checked.expectedProgram && result.program && !sameFile(checked.expectedProgram, result.program)) {
    ctx.console(`Note: process ${result.pid} runs ${result.program}, not ${checked.expectedProgram}; its symbols come from ${result.program}.`);
  }
  for (const warning of result.warnings ?? []) ctx.console(`Warning: ${warning}`);
  ctx.sendEvent(new InitializedEvent());
  return undefined;
};
