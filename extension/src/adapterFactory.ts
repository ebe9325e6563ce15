// Starts the debug adapter for each `rewind` session: `node out/adapter.js`
// speaking DAP on stdio. The extension host's own executable runs it, with
// ELECTRON_RUN_AS_NODE so that desktop VS Code's Electron binary behaves as
// plain Node (code-server's host is Node already and ignores the variable).

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export class RewindAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapterScript = path.join(this.extensionPath, 'out', 'adapter.js');
    if (!fs.existsSync(adapterScript)) {
      throw new Error(`Rewind's debug adapter is missing (${adapterScript}); run "npm run build" in the Rewind checkout.`);
    }
    ensureExecutable(path.join(this.extensionPath, 'out', 'native', 'rewind-helper'));
    return new vscode.DebugAdapterExecutable(process.execPath, [adapterScript], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
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
