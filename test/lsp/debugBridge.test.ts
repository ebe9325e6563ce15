// The language server's reading of the paths in DAP responses that an
// editor hands on: VS Code gives the stack frames' `source.path` of a
// remote window as URIs (seen in code-server: `vscode-remote://host:port/…`),
// and the hover must still find the frame that runs the hovered file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceFile } from '../../lsp/src/debugBridge';

test('sourceFile reads a plain path as it is and a URI as its file path', () => {
  assert.equal(sourceFile('/tmp/examples/c/average.c'), '/tmp/examples/c/average.c');
  assert.equal(sourceFile('vscode-remote://127.0.0.1:42759/tmp/examples/c/average.c'), '/tmp/examples/c/average.c');
  assert.equal(sourceFile('vscode-local:/tmp/examples/c/average.c'), '/tmp/examples/c/average.c');
  assert.equal(sourceFile('file:///tmp/two%20words.c'), '/tmp/two words.c');
  assert.equal(sourceFile(undefined), undefined);
});
