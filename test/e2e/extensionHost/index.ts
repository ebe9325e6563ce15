// Entry point of Rewind's extension integration checks, in the shape VS Code
// expects of an extensionTestsPath module: run() resolves when every check
// passed and rejects otherwise. The results also go, as JSON, next to the
// opened workspace folder (extension-test-results.json), where the test that
// started VS Code reads them.
import path from 'node:path';
import * as vscode from 'vscode';
import { resultsFileName, runChecks } from './miniRunner';
import { rewindChecks } from './rewindChecks';

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resultsFile = folder ? path.join(path.dirname(folder), resultsFileName) : undefined;
  await runChecks(rewindChecks, resultsFile);
}
