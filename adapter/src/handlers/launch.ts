// `launch`: checks the arguments, waits for the helper started at
// `initialize`, has it start the program (stopped at its first instruction),
// shows the helper's warnings, and sends `initialized` so the client sets
// breakpoints and sends `configurationDone`. Where the program's input and
// output go follows `console`: the Debug Console (output forwarded, stdin
// not connected, said once), or a terminal the client opens with
// runInTerminal (terminalLaunch.ts). With `coreFile` nothing runs: the
// helper opens the core dump (coreSession.ts).
import { InitializedEvent } from '@vscode/debugadapter';
import { openCoreFile } from '../coreSession';
import { UserError } from '../errors';
import { checkLaunchArguments } from '../launchArguments';
import { startInClientTerminal, type TerminalRendezvous } from '../terminalLaunch';
import type { RequestHandler } from './requestHandler';

const stdinNote =
  "The program's output appears here; its input (stdin) is not connected. " +
  'For a program that reads input, set "console": "integratedTerminal" in the launch configuration.';

export const launch: RequestHandler<Record<string, unknown>, undefined> = async (args, ctx) => {
  if (ctx.state.launched) {
    throw new UserError('InvalidArguments', 'This debug session has already launched a program; start a new session for another.');
  }
  const checked = checkLaunchArguments(args);
  const helper = await ctx.startHelper();
  ctx.paths = checked.paths;
  if (checked.coreFile) {
    await openCoreFile(ctx, helper, checked.coreFile, checked.helperArgs.program);
    ctx.sendEvent(new InitializedEvent());
    return undefined;
  }
  let consoleKind = checked.console;
  if (consoleKind !== 'internalConsole' && !ctx.clientRunsInTerminal) {
    ctx.console(`This client does not run programs in a terminal (no runInTerminal), so "console": "${consoleKind}" falls back to the Debug Console.`);
    consoleKind = 'internalConsole';
  }
  let terminal: TerminalRendezvous | undefined;
  if (consoleKind !== 'internalConsole') terminal = await startInClientTerminal(ctx, helper, consoleKind, checked.helperArgs);
  let result;
  try {
    result = await helper.request('launch', terminal ? { ...checked.helperArgs, launcherPid: terminal.pid } : checked.helperArgs);
  } catch (error) {
    terminal?.close(`The program was not started: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
  terminal?.close();
  ctx.state.launched = true;
  for (const note of checked.notes) ctx.console(note);
  if (consoleKind === 'internalConsole') ctx.console(stdinNote);
  for (const warning of result.warnings ?? []) ctx.console(`Warning: ${warning}`);
  ctx.sendEvent(new InitializedEvent());
  return undefined;
};
