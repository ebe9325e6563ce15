// Runs the extension checks of this folder in desktop VS Code through
// @vscode/test-electron, for people who have VS Code (or can download it):
// not part of `npm test`, which runs the same checks in code-server. Needs a
// build (`npm run build`) and @vscode/test-electron, which is deliberately not
// a dependency (it downloads VS Code when it runs):
//
//   npm install --no-save @vscode/test-electron
//   node out/tsc/test/e2e/extensionHost/runWithTestElectron.js
//
// Set VSCODE_EXECUTABLE to a VS Code binary to use it instead of a download.
// The examples are copied to a temporary folder and built there first.
import path from 'node:path';
import { repoRoot } from '../../support/paths';
import { makeExamplesWorkspace } from '../support/examplesWorkspace';

interface TestElectron {
  runTests(options: { extensionDevelopmentPath: string; extensionTestsPath: string; launchArgs?: string[]; vscodeExecutablePath?: string }): Promise<number>;
}

function loadTestElectron(): TestElectron {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@vscode/test-electron') as TestElectron;
  } catch {
    throw new Error('@vscode/test-electron is not installed; run: npm install --no-save @vscode/test-electron');
  }
}

async function main(): Promise<number> {
  const { runTests } = loadTestElectron();
  const workspace = makeExamplesWorkspace();
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust'],
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    });
  } finally {
    workspace.remove();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`the extension checks failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
