// A VS Code terminal backed by node-pty for the program being debugged: the
// adapter's runInTerminal (kind "integrated") starts the command on a new
// pseudo-terminal (ptyProcess.ts) and the terminal panel shows it through a
// vscode.Pseudoterminal — what is typed goes to the program, its output and
// size changes come back. When the program ends the terminal stays open
// with a last line, and closes at the next key.
import * as vscode from 'vscode';
import { spawnInPty } from './ptyProcess';

export interface TerminalRequest {
  args: string[];
  cwd?: string;
  env?: Record<string, string | null> | null;
  title?: string;
}

/** Starts the command in a new terminal panel; returns its process id. Throws when node-pty cannot run it. */
export function openPtyTerminal(request: TerminalRequest): number {
  const pty = spawnInPty({ args: request.args, cwd: request.cwd, env: request.env ?? undefined });
  const title = request.title ?? 'Rewind';
  const written = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<void>();
  // What the program writes before the panel opens is kept for it.
  let early: string[] | undefined = [];
  let ended = false;
  const show = (text: string) => (early ? early.push(text) : written.fire(text));
  pty.onData(show);
  pty.onExit(({ exitCode, signal }) => {
    ended = true;
    const how = signal ? `was ended by signal ${signal}` : `exited with code ${exitCode}`;
    show(`\r\n[${title} ${how}; press any key to close this terminal]\r\n`);
  });
  const terminal: vscode.Pseudoterminal = {
    onDidWrite: written.event,
    onDidClose: closed.event,
    open: (dimensions) => {
      if (dimensions && !ended) pty.resize(dimensions.columns, dimensions.rows);
      const pending = early ?? [];
      early = undefined;
      for (const text of pending) written.fire(text);
    },
    close: () => {
      if (!ended) pty.kill();
    },
    handleInput: (data) => {
      if (ended) closed.fire();
      else pty.write(data);
    },
    setDimensions: (dimensions) => {
      if (!ended) pty.resize(dimensions.columns, dimensions.rows);
    },
  };
  vscode.window.createTerminal({ name: title, pty: terminal }).show(true);
  return pty.pid;
}
