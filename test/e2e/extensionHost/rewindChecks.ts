// Integration checks of the Rewind extension that run inside a real VS Code
// extension host (code-server through the smoke-test payload, or desktop VS
// Code through @vscode/test-electron), against the built examples folder
// opened as the workspace: the `rewind` debug type starts a session that
// stops at a breakpoint (seen through a DebugAdapterTracker), the
// configuration provider fills defaults, F5 with no program finds the binary
// named after the open source file, and the process picker command exists.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Check } from './miniRunner';

const extensionId = 'rewind-debugger.rewind';

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the checks need the built examples folder');
  return folder;
}

function lineContaining(file: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line contains ${JSON.stringify(text)} in ${file}`);
  return index + 1;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface Observed {
  messages: Array<{ type: string; event?: string; command?: string; body?: any }>;
}

/** Records every DAP message the `rewind` adapter sends, for the sessions started while it is registered. */
function observeAdapter(): Observed & vscode.Disposable {
  const observed: Observed = { messages: [] };
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('rewind', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: any) => observed.messages.push(message),
    }),
  });
  return { ...observed, dispose: () => registration.dispose() };
}

function eventArrived(observed: Observed, event: string, timeoutMs: number): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const found = observed.messages.find((message) => message.type === 'event' && message.event === event);
      if (found) return resolve(found);
      if (Date.now() > deadline) {
        const seen = observed.messages.map((message) => message.event ?? message.command).join(', ');
        return reject(new Error(`no '${event}' event from the adapter within ${timeoutMs} ms (seen: ${seen})`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}

function sessionStarted(name: string): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const listener = vscode.debug.onDidStartDebugSession((session) => {
      if (session.name === name) {
        listener.dispose();
        resolve(session);
      }
    });
  });
}

function sessionEnded(session: vscode.DebugSession): Promise<void> {
  return new Promise((resolve) => {
    const listener = vscode.debug.onDidTerminateDebugSession((ended) => {
      if (ended.id === session.id) {
        listener.dispose();
        resolve();
      }
    });
  });
}

async function stopSession(session: vscode.DebugSession): Promise<void> {
  const ended = sessionEnded(session);
  await vscode.debug.stopDebugging(session);
  await ended;
}

const debugTypeStopsAtBreakpoint: Check = {
  name: 'the rewind debug type launches a program and stops at a breakpoint',
  timeoutMs: 90_000,
  async run() {
    const folder = workspaceFolder();
    const source = path.join(folder.uri.fsPath, 'c', 'average.c');
    const line = lineContaining(source, 'double mean = (double)total / count;');
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(source), new vscode.Position(line - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const observed = observeAdapter();
    try {
      const name = 'extension check: breakpoint';
      const started = sessionStarted(name);
      const ok = await vscode.debug.startDebugging(folder, {
        type: 'rewind',
        request: 'launch',
        name,
        program: '${workspaceFolder}/c/average',
      });
      assert(ok === true, `startDebugging resolved ${String(ok)}: the rewind debug type is not usable`);
      const session = await started;
      assert(session.type === 'rewind', `the session's type is ${session.type}`);
      const stopped = await eventArrived(observed, 'stopped', 30_000);
      assert(stopped.body?.reason === 'breakpoint', `stopped for ${JSON.stringify(stopped.body)}`);
      const trace = await session.customRequest('stackTrace', { threadId: stopped.body.threadId, startFrame: 0, levels: 20 });
      const names = trace.stackFrames.map((frame: any) => frame.name as string);
      assert(/\baverage\b/.test(names[0] ?? ''), `top frame ${JSON.stringify(names[0])}, want average()`);
      assert(
        names.some((each: string) => /\bmain\b/.test(each)),
        `main() is not on the stack: ${JSON.stringify(names)}`,
      );
      assert(trace.stackFrames[0].line === line, `top frame on line ${trace.stackFrames[0].line}, breakpoint on ${line}`);
      await stopSession(session);
    } finally {
      observed.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
  },
};

const providerFillsDefaults: Check = {
  name: 'the configuration provider fills the defaults a launch configuration leaves out',
  timeoutMs: 60_000,
  async run() {
    const folder = workspaceFolder();
    const name = 'extension check: defaults';
    const started = sessionStarted(name);
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'rewind',
      request: 'launch',
      name,
      program: '${workspaceFolder}/c/average',
      stopOnEntry: true, // stop at once so the session stays up while we look
    });
    assert(ok === true, `startDebugging resolved ${String(ok)}`);
    const session = await started;
    const config = session.configuration;
    try {
      assert(Array.isArray(config.args) && config.args.length === 0, `args: ${JSON.stringify(config.args)}`);
      assert(config.console === 'internalConsole', `console: ${JSON.stringify(config.console)}`);
      assert(config.cwd === folder.uri.fsPath, `cwd: ${JSON.stringify(config.cwd)}, want ${folder.uri.fsPath}`);
      assert(config.program === path.join(folder.uri.fsPath, 'c', 'average'), `program: ${JSON.stringify(config.program)}`);
    } finally {
      await stopSession(session);
    }
  },
};

const programFromActiveEditor: Check = {
  name: 'with no program, the binary named after the open C file is debugged',
  timeoutMs: 60_000,
  async run() {
    const folder = workspaceFolder();
    const source = path.join(folder.uri.fsPath, 'c', 'crash.c');
    await vscode.window.showTextDocument(vscode.Uri.file(source));
    const observed = observeAdapter();
    try {
      const name = 'extension check: program from the editor';
      const started = sessionStarted(name);
      const ok = await vscode.debug.startDebugging(folder, { type: 'rewind', request: 'launch', name });
      assert(ok === true, `startDebugging resolved ${String(ok)}`);
      const session = await started;
      const program = session.configuration.program;
      assert(program === path.join(folder.uri.fsPath, 'c', 'crash'), `program: ${JSON.stringify(program)}`);
      // The example crashes with SIGSEGV: the stop says so.
      const stopped = await eventArrived(observed, 'stopped', 30_000);
      const said = `${stopped.body?.description ?? ''} ${stopped.body?.text ?? ''}`;
      assert(/SIGSEGV/.test(said), `stopped event for the crash: ${JSON.stringify(stopped.body)}`);
      await stopSession(session);
    } finally {
      observed.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  },
};

const pickProcessCommand: Check = {
  name: 'the extension is active and rewind.pickProcess is a command',
  async run() {
    const extension = vscode.extensions.getExtension(extensionId);
    assert(extension, `extension ${extensionId} is not loaded`);
    assert(extension.isActive, `extension ${extensionId} is not active after debugging with it`);
    const commands = await vscode.commands.getCommands(true);
    assert(commands.includes('rewind.pickProcess'), 'rewind.pickProcess is not registered');
  },
};

export const rewindChecks: Check[] = [debugTypeStopsAtBreakpoint, providerFillsDefaults, programFromActiveEditor, pickProcessCommand];
