// Starts the debug adapter for each `rewind` session: `node out/adapter.js`
// speaking DAP on stdio. The extension host's own executable runs it, with
// ELECTRON_RUN_AS_NODE so that desktop VS Code's Electron binary behaves as
// plain Node (code-server's host is Node already and ignores the variable).
// The extension sits between VS Code and the adapter (ProxyDebugAdapter)
// so that it can give the program a node-pty terminal (runInTerminal).

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ProxyDebugAdapter } from './terminal/proxyDebugAdapter';

export class RewindAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapterScript = path.join(this.extensionPath, 'out', 'adapter.js');
    if (!fs.existsSync(adapterScript)) {
      throw new Error(`Rewind's debug adapter is missing (${adapterScript}); run "npm run build" in the Rewind checkout.`);
    }
    ensureExecutable(path.join(this.extensionPath, 'out', 'native', 'rewind-helper'));
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
    env.ELECTRON_RUN_AS_NODE = '1';
    return new vscode.DebugAdapterInlineImplementation(new ProxyDebugAdapter(process.execPath, [adapterScript], env));
  }
}

/**
 * An unpacked .vsix may lose the helper's executable bit; put it back. A
 * missing helper is left for the adapter to report with its own message.
 */
function ensureExecutable(file: string): void {
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) === 0) {
      fs.chmodSync(file, mode | 0o755);
    }
  } catch {
    // Absent or not ours to change: the adapter says so when it starts the helper.
  }
}
