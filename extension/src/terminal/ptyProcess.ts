// Starts a command on a new pseudo-terminal with node-pty, the way a DAP
// client serves `runInTerminal`: the command's own arguments (no shell in
// between), its working folder, and the environment of this process with
// the request's changes (a null value removes a variable). node-pty is
// loaded when first needed, so that a missing or mismatched native module
// is an error the caller can fall back from. No `vscode` here: the DAP
// tests play the client's part with this same code.
import type { IPty } from 'node-pty';

export interface PtyCommand {
  args: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  columns?: number;
  rows?: number;
}

type NodePty = typeof import('node-pty');

let loaded: NodePty | undefined;

/** node-pty, or an Error that says why it cannot be used here. */
export function loadNodePty(): NodePty {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('node-pty') as NodePty;
    } catch (error) {
      throw new Error(`node-pty cannot be loaded (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return loaded;
}

/** The environment for the command: ours, changed as asked. */
export function commandEnvironment(changes: Record<string, string | null> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) env[name] = value;
  }
  // The extension host may run as Electron-as-Node; the program must not inherit that.
  delete env.ELECTRON_RUN_AS_NODE;
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `command.args` on a new pseudo-terminal; throws when it cannot. */
export function spawnInPty(command: PtyCommand): IPty {
  if (command.args.length === 0) throw new Error('runInTerminal was asked to run an empty command');
  const pty = loadNodePty();
  return pty.spawn(command.args[0], command.args.slice(1), {
    name: 'xterm-256color',
    cols: command.columns ?? 100,
    rows: command.rows ?? 30,
    cwd: command.cwd || process.cwd(),
    env: commandEnvironment(command.env),
  });
}
