// Renders a Rewind webview panel in headless Chromium (Debian's chromium
// through playwright-core, offline flags) exactly as the extension builds
// it: the document from webviewDocument.ts with its CSP and nonce, the
// panel's script bundled by esbuild from extension/src/panels/webview, the
// style sheet from media/webview. A stand-in for acquireVsCodeApi records
// every message the panel posts (and can hand it to a test-side host); the
// page also records alert() calls and CSP violations. Screenshots go to
// test-artifacts/webview/<test>/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { HostMessage, WebviewRequest } from '../../../extension/src/panels/panelMessages';
import { makeNonce, webviewDocument } from '../../../extension/src/panels/webviewDocument';
import { repoRoot } from '../../support/paths';

export type PanelName = 'branchHistory' | 'timeline';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const artifactsRoot = path.join(repoRoot, 'test-artifacts', 'webview');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** The webview's script, bundled as the extension ships it (out/webview/<panel>.js is made the same way). */
async function bundle(panel: PanelName, folder: string): Promise<string> {
  const outfile = path.join(folder, `${panel}.js`);
  await build({
    entryPoints: [path.join(repoRoot, 'extension', 'src', 'panels', 'webview', `${panel}View.ts`)],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

// Runs in the page before the panel's script.
function pageStandIns(): void {
  const page = window as unknown as Record<string, unknown> & { __posted: unknown[]; __alerts: string[]; __csp: string[] };
  page.__posted = [];
  page.__alerts = [];
  page.__csp = [];
  window.alert = (message?: unknown) => void page.__alerts.push(String(message));
  document.addEventListener('securitypolicyviolation', (event) => page.__csp.push(`${event.violatedDirective} ${event.blockedURI}`));
  page.acquireVsCodeApi = () => ({
    postMessage: (message: unknown) => {
      page.__posted.push(message);
      const host = page.__rewindHost as ((message: unknown) => void) | undefined;
      if (host) host(message);
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

export class PanelPage {
  private step = 0;
  private host: ((request: WebviewRequest) => HostMessage[] | Promise<HostMessage[]>) | undefined;

  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    readonly artifacts: string,
    readonly html: string,
    readonly nonce: string,
    private readonly folder: string,
  ) {}

  static async open(panel: PanelName, testName: string, viewport = { width: 1000, height: 700 }): Promise<PanelPage> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), `rewind-webview-${panel}-`));
    const artifacts = path.join(artifactsRoot, slug(testName));
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    const script = await bundle(panel, folder);
    const nonce = makeNonce();
    const html = webviewDocument({
      title: `Rewind ${panel}`,
      cspSource: 'file:',
      scriptUri: pathToFileURL(script).href,
      styleUri: pathToFileURL(path.join(repoRoot, 'media', 'webview', 'panels.css')).href,
      nonce,
      panel,
    });
    const document = path.join(folder, 'panel.html');
    fs.writeFileSync(document, html);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, timeout: 60_000 });
    try {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const log = fs.createWriteStream(path.join(artifacts, 'console.log'));
      page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
      page.on('pageerror', (error) => log.write(`[pageerror] ${error.stack ?? error.message}\n`));
      await page.addInitScript(pageStandIns);
      const opened = new PanelPage(page, browser, artifacts, html, nonce, folder);
      await page.exposeFunction('__rewindHost', async (request: WebviewRequest) => {
        if (!opened.host) return;
        for (const reply of await opened.host(request)) await opened.send(reply);
      });
      await page.goto(pathToFileURL(document).href);
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
      return opened;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Answers the panel's requests from now on (a stand-in for the extension host). */
  serve(host: (request: WebviewRequest) => HostMessage[] | Promise<HostMessage[]>): void {
    this.host = host;
  }

  /** Posts a host message to the panel, as webview.postMessage does. */
  async send(message: HostMessage): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message);
  }

  async sendAll(messages: readonly HostMessage[]): Promise<void> {
    for (const message of messages) await this.send(message);
  }

  async posted(): Promise<WebviewRequest[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewRequest[] }).__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => void ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
  }

  /** Waits until the panel has posted a message that `match` accepts, and returns it. */
  async waitForPosted(match: (message: WebviewRequest) => boolean, what: string, timeoutMs = 5000): Promise<WebviewRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.posted()).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the panel did not post ${what}; it posted: ${JSON.stringify(await this.posted()).slice(0, 1500)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async alerts(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts);
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  }

  async screenshot(stepName: string): Promise<string> {
    this.step += 1;
    const file = path.join(this.artifacts, `${String(this.step).padStart(2, '0')}-${slug(stepName)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    fs.writeFileSync(path.join(this.artifacts, 'panel.html'), this.html);
    await this.browser.close().catch(() => undefined);
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

/** Opens a panel, runs `body`, and always closes the browser. */
export async function withPanel<T>(panel: PanelName, testName: string, body: (page: PanelPage) => Promise<T>): Promise<T> {
  const opened = await PanelPage.open(panel, testName);
  try {
    return await body(opened);
  } finally {
    await opened.close();
  }
}
