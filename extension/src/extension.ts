// Entry point of the Rewind extension, the only part of Rewind that talks to
// VS Code: on activation it registers the `rewind` debug type's adapter
// factory, its configuration providers (initial launch.json, F5 without a
// launch.json, and the dynamic "Select and Start Debugging" list) and the
// process picker command used by attach configurations, the reverse-
// execution controls (reverse step buttons, recording toggle, status bar),
// the history panels (Branch History, Timeline, execution counts) and the
// history language server's client.

import * as vscode from 'vscode';
import { RewindAdapterFactory } from './adapterFactory';
import { RewindConfigurationProvider, RewindDynamicConfigurationProvider } from './configurationProvider';
import { registerHistoryLanguageClient } from './historyLanguageClient';
import { pickProcess } from './processPicker';
import { registerHistoryPanels } from './panels/registerHistoryPanels';
import { registerReverseControls } from './reverse/reverseControls';

export const debugType = 'rewind';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(debugType, new RewindAdapterFactory(context.extensionPath)),
    vscode.debug.registerDebugConfigurationProvider(debugType, new RewindConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(debugType, new RewindDynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.commands.registerCommand('rewind.pickProcess', pickProcess),
  );
  registerReverseControls(context, debugType);
  registerHistoryPanels(context, debugType);
  registerHistoryLanguageClient(context, debugType);
}

export function deactivate(): void {
  // Every registration is disposed through context.subscriptions.
}
