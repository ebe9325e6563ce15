// Starts Debian's chromium, headless, through playwright-core, with the flags
// that keep it from reaching the network, and opens one page. Everything the
// page prints to its console goes into a log file, so a failing test leaves
// the workbench's own messages behind. close() is safe to call twice.
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { e2eTools } from './e2eTools';

export interface BrowserSession {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `cookies`: the code-server session to open the workbench with (it asks for a password). */
export async function startBrowser(consoleLogFile: string, cookies: Array<{ name: string; value: string; url: string }> = []): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: e2eTools().chromium,
    headless: true,
    args: chromiumArgs,
    timeout: 60_000,
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => undefined);
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (cookies.length > 0) await context.addCookies(cookies);
    const page = await context.newPage();
    fs.mkdirSync(path.dirname(consoleLogFile), { recursive: true });
    const log = fs.createWriteStream(consoleLogFile);
    page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => log.write(`[pageerror] ${error.stack ?? error.message}\n`));
    browser.on('disconnected', () => log.end());
    return { browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
