// Runs the program in a terminal of the client (`console`
// "integratedTerminal" or "externalTerminal") with the DAP reverse request
// `runInTerminal`. The terminal runs the helper binary as a launcher:
// `rewind-helper --launch-in-terminal SOCKET HELPER_PID [--disable-aslr] -- PROGRAM ARGS…`,
// with the launch's working directory and environment. The launcher calls
// back on a Unix socket that this module listens on (in a private temporary
// folder) with its process id, and waits; the helper's `launch` with that
// `launcherPid` takes it over and lets it exec the program, which so owns
// the terminal: it reads what is typed there and sees a tty. Closing the
// rendezvous with a message makes a launcher that was not taken over print
// the message and exit.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from './errors';
import type { HelperClient } from './helper/helperClient';
import type { LaunchArgs } from './helper/protocol';
import type { ConsoleKind } from './launchArguments';
import type { SessionContext } from './sessionContext';

/** How long the client may take to answer runInTerminal, and the launcher to call in. */
const clientAnswerMs = 15_000;
const launcherCallMs = 20_000;

export interface TerminalRendezvous {
  /** The launcher's process id: the program's, once it has exec'd. */
  readonly pid: number;
  /** Ends the rendezvous; a launcher still waiting prints `message` (if any) and exits. */
  close(message?: string): void;
}

/** The runInTerminal arguments that start `launch` through the launcher. */
export function runInTerminalArguments(
  kind: Exclude<ConsoleKind, 'internalConsole'>,
  launcher: string,
  socketPath: string,
  helperPid: number,
  launch: LaunchArgs,
): DebugProtocol.RunInTerminalRequestArguments {
  return {
    kind: kind === 'externalTerminal' ? 'external' : 'integrated',
    title: `Rewind: ${path.basename(launch.program)}`,
    cwd: launch.cwd ?? process.cwd(),
    args: [
      launcher,
      '--launch-in-terminal',
      socketPath,
      String(helperPid),
      ...(launch.disableASLR === false ? [] : ['--disable-aslr']),
      '--',
      launch.program,
      ...launch.args,
    ],
    env: launch.env,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Listens on a fresh socket and resolves with the first launcher that calls in. */
class LauncherSocket {
  readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-'));
  readonly path = path.join(this.folder, 'launcher.sock');
  private readonly server = net.createServer();
  private connection: net.Socket | undefined;
  readonly called: Promise<number>;

  constructor() {
    this.called = new Promise((resolve, reject) => {
      this.server.on('connection', (socket) => {
        if (this.connection) {
          socket.destroy();
          return;
        }
        this.connection = socket;
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          text += chunk;
          const newline = text.indexOf('\n');
          if (newline < 0) return;
          const pid = Number(text.slice(0, newline).trim());
          if (Number.isSafeInteger(pid) && pid > 0) resolve(pid);
          else
            reject(
              new UserError('TerminalFailed', `Rewind's launcher in the terminal sent ${JSON.stringify(text.slice(0, newline))} instead of its process id.`),
            );
        });
        socket.on('error', () => undefined);
      });
    });
    this.called.catch(() => undefined);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => resolve());
    });
  }

  close(message?: string): void {
    if (this.connection && !this.connection.destroyed) {
      if (message) this.connection.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
      this.connection.end();
    }
    this.server.close();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * Asks the client to start the launcher in a terminal and waits until it
 * calls in. Throws a UserError when the client refuses or the launcher
 * never calls.
 */
export async function startInClientTerminal(
  ctx: SessionContext,
  helper: HelperClient,
  kind: Exclude<ConsoleKind, 'internalConsole'>,
  launch: LaunchArgs,
): Promise<TerminalRendezvous> {
  const helperPid = helper.pid;
  if (helperPid === undefined) throw new UserError('TerminalFailed', 'The Rewind helper is not running, so nothing can take the terminal over.');
  const socket = new LauncherSocket();
  try {
    await socket.listen();
    const args = runInTerminalArguments(kind, helper.executable, socket.path, helperPid, launch);
    const response = await ctx.clientRequest('runInTerminal', args, clientAnswerMs);
    if (!response.success) {
      throw new UserError(
        'TerminalFailed',
        `The editor could not run the program in a terminal: ${response.message ?? 'no reason given'}. Use "console": "internalConsole" instead.`,
      );
    }
    const pid = await withTimeout(
      socket.called,
      launcherCallMs,
      () =>
        new UserError(
          'TerminalFailed',
          `The terminal did not start Rewind's launcher within ${launcherCallMs / 1000} seconds (it runs ${args.args.join(' ')}).`,
        ),
    );
    return { pid, close: (message) => socket.close(message) };
  } catch (error) {
    socket.close(error instanceof Error ? error.message : undefined);
    throw error;
  }
}
