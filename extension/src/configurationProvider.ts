// Debug configurations for the `rewind` type. Resolving fills what a
// configuration leaves out, so F5 without a launch.json works: the program is
// proposed from the active C/C++/Rust file (or picked from the workspace's ELF
// executables), cwd defaults to the workspace folder, and the program is
// checked before the adapter starts. The initial provider adds a launch.json
// entry for the active file's binary; the dynamic provider offers one entry
// per executable found in the workspace.

import * as path from 'path';
import * as vscode from 'vscode';
import { findElfExecutables, isElfExecutable } from './elfExecutables';
import { likelyBinaries, pickProgram } from './programPicker';

const nativeLanguages = new Set(['c', 'cpp', 'rust']);
const maxDynamicConfigurations = 20;

function activeNativeSource(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document && document.uri.scheme === 'file' && nativeLanguages.has(document.languageId)) {
    return document.uri.fsPath;
  }
  return undefined;
}

function launchConfiguration(name: string, program: string): vscode.DebugConfiguration {
  return { type: 'rewind', request: 'launch', name, program, args: [], cwd: '${workspaceFolder}', stopOnEntry: false };
}

/** `${workspaceFolder}/relative` when `file` lies inside `folder`, else the absolute path. */
function relativeToFolder(folder: string, file: string): string {
  const relative = path.relative(folder, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `\${workspaceFolder}/${relative}`;
}

function showError(message: string): undefined {
  void vscode.window.showErrorMessage(`Rewind: ${message}`);
  return undefined;
}

export class RewindConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const folderPath = folder?.uri.fsPath;
    for (const candidate of likelyBinaries(folderPath, activeNativeSource())) {
      if (await isElfExecutable(candidate)) {
        const program = folderPath ? relativeToFolder(folderPath, candidate) : candidate;
        return [launchConfiguration(`Rewind: ${path.basename(candidate)}`, program)];
      }
    }
    return []; // package.json's initialConfigurations supply the generic entry
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.request) {
      // F5 with no launch.json: VS Code hands over an (almost) empty configuration.
      config.type = 'rewind';
      config.request = 'launch';
      config.name = config.name || 'Rewind: Launch';
    }
    if (config.request === 'attach') {
      config.processId ??= '${command:pickProcess}';
      return config;
    }
    if (config.request !== 'launch') {
      return showError(`unknown request "${String(config.request)}"; use "launch" or "attach".`);
    }
    const folderPath = folder?.uri.fsPath;
    if (!config.program) {
      const program = await pickProgram(folderPath, activeNativeSource());
      if (!program) {
        return showError('no program to debug was chosen. Build it first, or set "program" in launch.json.');
      }
      config.program = program;
    }
    if (config.cwd === undefined && folderPath) config.cwd = folderPath;
    config.args ??= [];
    config.console ??= 'internalConsole';
    config.stopOnEntry ??= false;
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (config.request === 'attach') {
      const processId = String(config.processId ?? '').trim();
      if (!/^\d+$/.test(processId)) {
        return showError(`"processId" must be a process number, got "${processId}".`);
      }
      return config;
    }
    if (typeof config.program !== 'string' || config.program.length === 0) {
      return showError('"program" must be the path of the executable to debug.');
    }
    if (!(await isElfExecutable(config.program))) {
      return showError(`${config.program} is not an executable ELF file (is it built?).`);
    }
    config.cwd ??= path.dirname(config.program);
    return config;
  }
}

/** "Select and Start Debugging": one launch entry per executable in the workspace folders. */
export class RewindDynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []);
    const configurations: vscode.DebugConfiguration[] = [];
    for (const each of folders) {
      const root = each.uri.fsPath;
      for (const program of await findElfExecutables(root)) {
        if (configurations.length >= maxDynamicConfigurations) return configurations;
        configurations.push(launchConfiguration(`Rewind: ${path.relative(root, program)}`, relativeToFolder(root, program)));
      }
    }
    return configurations;
  }
}
