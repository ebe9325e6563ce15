// End-to-end: Rewind's extension integration checks (test/e2e/extensionHost/)
// run inside the real extension host of code-server, loaded through the
// smoke-test payload (extensionDevelopmentPath = the checkout,
// extensionTestsPath = the compiled checks). The workbench reports the end of
// the checks by calling window.codeAutomationExit(code, logs), which this
// test exposes to the page; a non-zero code, or any failed check in the
// results file the checks write, fails the test. VS Code's own logs from that
// run are kept in test-artifacts/e2e/extension-host-checks/logs/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { withVsCode } from './support/vsCodeSession';
import { CheckResult, resultsFileName } from './extensionHost/miniRunner';

const e2eTimeoutMs = 5 * 60_000;
const checksTimeoutMs = 4 * 60_000;
const checksModule = path.join(__dirname, 'extensionHost', 'index.js');

interface AutomationExit {
  code: number;
  logs: Array<{ relativePath: string; contents: string }>;
}

test('extension checks pass inside the real extension host', { timeout: e2eTimeoutMs }, async () => {
  await withVsCode('extension host checks', { extensionTestsPath: checksModule }, async ({ browser, workbench, workspace, artifacts, url }) => {
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<AutomationExit>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension checks did not end within ${checksTimeoutMs} ms`)), checksTimeoutMs);
      void browser.page.exposeFunction('codeAutomationExit', (code: number, logs: AutomationExit['logs']) => resolve({ code, logs: logs ?? [] })).catch(reject);
    });
    await workbench.open(url);
    await workbench.snap('workbench with the extension checks running');
    const exit = await exited.finally(() => clearTimeout(timer));
    await workbench.snap('extension checks ended');
    for (const log of exit.logs) {
      const file = path.join(artifacts.folder, 'logs', log.relativePath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, log.contents);
    }

    const resultsFile = path.join(path.dirname(workspace.folder), resultsFileName);
    assert.ok(fs.existsSync(resultsFile), `the checks wrote no results (${resultsFile}); exit code ${exit.code}; see ${artifacts.folder}`);
    fs.copyFileSync(resultsFile, path.join(artifacts.folder, resultsFileName));
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as CheckResult[];
    const failed = results.filter((result) => !result.passed);
    assert.deepEqual(
      failed.map((result) => `${result.name}: ${result.error}`),
      [],
      'every extension check passes',
    );
    assert.ok(results.length >= 4, `all checks ran (${results.length})`);
    assert.equal(exit.code, 0, 'the extension host reports success');
  });
});
