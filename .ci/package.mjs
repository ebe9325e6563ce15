// Packages the built extension into rewind-<version>.vsix with @vscode/vsce's
// API: checks that every file the extension needs at run time has been
// built, asks vsce which files .vscodeignore lets in and makes sure those
// include them, writes the package, and says how to install it. The package
// is platform-specific (it holds the native helper and node-pty's pty.node).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

// Files the installed extension cannot work without, and where each comes from.
const requiredFiles = [
  ['out/extension.js', 'npm run build (esbuild bundle of extension/src/extension.ts)'],
  ['out/adapter.js', 'npm run build (esbuild bundle of adapter/src/main.ts)'],
  ['out/languageServer.js', 'npm run build (esbuild bundle of lsp/src/server.ts)'],
  ['out/webview/branchHistory.js', 'npm run build (esbuild bundle of the Branch History panel)'],
  ['out/webview/timeline.js', 'npm run build (esbuild bundle of the Timeline panel)'],
  ['media/webview/panels.css', 'the repository'],
  ['out/native/rewind-helper', 'npm run build (cmake build of native/)'],
  ['out/native/librewind-syscallbuf.so', 'npm run build (cmake build of native/: the native recorder preloads it)'],
  ['node_modules/node-pty/build/Release/pty.node', 'npm ci (node-pty compiles with node-gyp)'],
  ['node_modules/node-pty/lib/index.js', 'npm ci'],
  ['README.md', 'the repository'],
  ['CHANGELOG.md', 'the repository'],
  ['LICENSE', 'the repository'],
  ['syntaxes/rewind-disassembly.tmLanguage.json', 'the repository'],
];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const missing = requiredFiles.filter(([file]) => !existsSync(path.join(repoRoot, file)));
if (missing.length > 0) {
  fail(`cannot package, these files are missing:\n${missing.map(([file, from]) => `  ${file}  (made by: ${from})`).join('\n')}`);
}
const helperMode = statSync(path.join(repoRoot, 'out/native/rewind-helper')).mode;
if ((helperMode & 0o111) === 0) {
  fail('out/native/rewind-helper is not executable');
}

const vsce = require('@vscode/vsce');
const targets = { x64: 'linux-x64', arm64: 'linux-arm64', arm: 'linux-armhf' };
const target = targets[process.arch];
if (!target) {
  fail(`no VS Code platform target for architecture ${process.arch}`);
}
const packagePath = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
const options = {
  cwd: repoRoot,
  packagePath,
  target,
  dependencies: true, // node-pty comes from node_modules; .vscodeignore keeps only its run-time files
  allowMissingRepository: true,
};

const listed = new Set(await vsce.listFiles(options));
const notPackaged = requiredFiles.map(([file]) => file).filter((file) => !listed.has(file));
if (notPackaged.length > 0) {
  fail(`.vscodeignore leaves out files the extension needs: ${notPackaged.join(', ')}`);
}

try {
  await vsce.createVSIX(options);
} catch (error) {
  fail(`vsce could not write the package: ${error?.message ?? error}`);
}
const relative = path.relative(process.cwd(), packagePath) || packagePath;
console.log(`package: wrote ${relative} (${target}, ${listed.size} files)`);
console.log('package: install it with one of');
console.log(`  code --install-extension ${relative}`);
console.log(`  code-server --install-extension ${relative}`);
console.log('package: the helper needs the run-time libraries of elfutils and Capstone (Debian: libdw1 libelf1 libcapstone4).');
