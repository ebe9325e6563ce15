// One real VS Code for one test: a copy of examples/ (built), code-server on
// a free port, headless chromium on the workbench with Rewind loaded from the
// checkout (smoke-test payload extensionDevelopmentPath) and, when asked,
// extension tests to run inside the extension host. withVsCode() always
// stops the browser and the server and removes the copy, even when the test
// fails; on failure it first keeps a screenshot of the last screen.
import path from 'node:path';
import { repoRoot } from '../../support/paths';
import { TestArtifacts } from './artifacts';
import { BrowserSession, startBrowser } from './browser';
import { CodeServer, startCodeServer } from './codeServer';
import { ExamplesWorkspace, makeExamplesWorkspace } from './examplesWorkspace';
import { Workbench } from './workbench';

export interface VsCodeOptions {
  /** Compiled extension tests (a module exporting run()) to run in the extension host. */
  extensionTestsPath?: string;
  /** Settings added to the fresh user settings. */
  settings?: Record<string, unknown>;
}

export interface VsCodeContext {
  workbench: Workbench;
  server: CodeServer;
  workspace: ExamplesWorkspace;
  artifacts: TestArtifacts;
  browser: BrowserSession;
  /** The workbench address (with the payload), for tests that open it themselves. */
  url: string;
}

/** Starts everything, runs `body`, and tears everything down whatever happens. */
export async function withVsCode<T>(testName: string, options: VsCodeOptions, body: (context: VsCodeContext) => Promise<T>): Promise<T> {
  const artifacts = new TestArtifacts(testName);
  const cleanups: Array<() => unknown> = []; // last started, first stopped
  let workbench: Workbench | undefined;
  try {
    const workspace = makeExamplesWorkspace();
    cleanups.unshift(() => workspace.remove());
    const server = await startCodeServer({
      folder: workspace.folder,
      logFile: artifacts.file('code-server.log'),
      settings: options.settings,
    });
    cleanups.unshift(() => server.stop());
    const browser = await startBrowser(artifacts.file('browser-console.log'), server.cookies);
    cleanups.unshift(() => browser.close());
    const payload: Array<[string, string]> = [['extensionDevelopmentPath', server.remoteUri(repoRoot)]];
    if (options.extensionTestsPath) {
      payload.push(['extensionTestsPath', server.remoteUri(path.resolve(options.extensionTestsPath))]);
    }
    const url = server.workbenchUrl(payload);
    workbench = new Workbench(browser.page, artifacts);
    return await body({ workbench, server, workspace, artifacts, browser, url });
  } catch (error) {
    // Keep the last screen: it usually says more than the assertion.
    await workbench?.snap('failure').catch(() => undefined);
    throw error;
  } finally {
    const problems: unknown[] = [];
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        problems.push(error);
      }
    }
    if (problems.length > 0) {
      console.error(`end-to-end clean-up problems: ${problems.map(String).join('; ')}`);
      process.exitCode = 1;
    }
  }
}
