// Drives the VS Code workbench in the browser the way a person does: keys
// and clicks only (command palette, quick open, a click in the editor's
// gutter, F5, the debug toolbar), reading back what the screen shows (the
// stopped line, the call stack rows, the variables rows). Every action that
// changes what is shown can be followed by snap(), a screenshot named after
// the step. Selectors are those of VS Code 1.139 (code-server 4.139.1).
import { Frame, Locator, Page } from 'playwright-core';
import { sleep } from '../../support/processes';
import { TestArtifacts } from './artifacts';

// The functions passed to page.evaluate() run in the browser. The project
// compiles without the DOM library, so these are the few DOM shapes they use.
interface PageElement {
  style: { top: string };
  parentElement: PageElement | null;
  textContent: string | null;
  className: string;
  children: ArrayLike<PageElement>;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
declare const document: PageElement;

const uiTimeoutMs = 30_000;
const startTimeoutMs = 90_000;

/** A rectangle on the page, in CSS pixels. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const selectors = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeEditor: '.editor-group-container.active .monaco-editor',
  debugToolbar: '.debug-toolbar',
  topStackFrameLine: '.debug-top-stack-frame-line',
  callStackRow: '.debug-call-stack .monaco-list-row',
  variablesRow: '.debug-variables .monaco-list-row',
  inlineValue: '.debug-inline-value',
  editorHover: '.monaco-hover',
};

/** What the active editor shows on one line, besides the source: decorations drawn into the line. */
export interface ShownLine {
  /** The whole line as drawn: the source, then inline values and inlay hints (spaces normalised). */
  text: string;
  /** The debugger's inline values drawn on the line (VS Code joins them: `a = 1, b = 2`), or '' when none. */
  inlineValues: string;
}

/** Toolbar buttons by their label (a key binding may follow it in parentheses). */
export type DebugToolbarButton =
  | 'Continue'
  | 'Pause'
  | 'Step Over'
  | 'Step Into'
  | 'Step Out'
  | 'Restart'
  | 'Stop'
  | 'Step Back'
  | 'Reverse'
  | 'Reverse Step Into'
  | 'Reverse Step Out'
  | 'Start Recording'
  | 'Stop Recording';

/** The toolbar button labelled exactly `button`, or `button (key binding)`. */
function debugButtonSelector(button: DebugToolbarButton): string {
  const base = `${selectors.debugToolbar} .action-item .action-label`;
  return `${base}[aria-label="${button}"], ${base}[aria-label^="${button} ("]`;
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly artifacts: TestArtifacts,
  ) {}

  /** Screenshot of the whole page, named after the step, into the test's artifacts. */
  async snap(stepName: string): Promise<string> {
    const file = this.artifacts.nextScreenshot(stepName);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens the workbench address and waits until the folder shows in the explorer. */
  async open(url: string): Promise<void> {
    await this.page.goto(url, { timeout: startTimeoutMs });
    await this.page.locator(selectors.workbench).waitFor({ timeout: startTimeoutMs });
    await this.page.locator(selectors.explorerRow).first().waitFor({ timeout: startTimeoutMs });
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.page.locator(selectors.quickInput).isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator(selectors.quickInput).waitFor({ state: 'hidden', timeout: uiTimeoutMs });
    }
  }

  /** Types into a fresh quick input opened by `key`, and returns the rows shown once `rowText` appears. */
  private async quickInputRowWith(key: string, text: string, rowText: string, timeoutMs: number): Promise<Locator> {
    await this.closeQuickInput();
    await this.page.keyboard.press(key);
    const input = this.page.locator(selectors.quickInputBox);
    await input.waitFor({ timeout: uiTimeoutMs });
    await input.fill(text);
    const row = this.page.locator(selectors.quickInputRow).filter({ hasText: rowText }).first();
    await row.waitFor({ timeout: timeoutMs });
    return row;
  }

  /**
   * Runs a command from the command palette (F1) by its title. Commands that
   * an extension contributes appear only once the extension host is up, so
   * the palette is reopened until the command shows or time runs out.
   */
  async runCommand(title: string, timeoutMs = startTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.quickInputRowWith('F1', `>${title}`, title, 3000);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`command "${title}" never appeared in the command palette`, { cause: error });
        await this.closeQuickInput().catch(() => undefined);
        await sleep(1000);
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** Opens a file of the workspace with quick open (Ctrl+P) and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.quickInputRowWith('Control+P', relativePath, name, uiTimeoutMs);
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: uiTimeoutMs });
    await this.page.locator(`${selectors.activeEditor} .view-lines`).waitFor({ timeout: uiTimeoutMs });
  }

  /** Scrolls the active editor so `line` is shown (Ctrl+G). */
  async revealLine(line: number): Promise<void> {
    await this.page.locator(`${selectors.activeEditor} .view-lines`).click();
    // Go to Line shows no list row to wait for, only its input: Enter then
    // goes there. Without the input, Enter would type a new line into the file.
    await this.quickInputRowWith('Control+G', `:${line}`, String(line), 1000).catch(() => undefined);
    if (!(await this.page.locator(selectors.quickInputBox).isVisible())) throw new Error(`Go to Line (Ctrl+G) did not open for line ${line}`);
    await this.page.keyboard.press('Enter');
    await this.lineNumberElement(line).waitFor({ timeout: uiTimeoutMs });
  }

  private lineNumberElement(line: number): Locator {
    return this.page
      .locator(`${selectors.activeEditor} .margin-view-overlays .line-numbers`)
      .filter({ hasText: new RegExp(`^\\s*${line}\\s*$`) })
      .first();
  }

  /** The CSS `top` of the line number `line` in the active editor (the key shared by margin and content overlays). */
  private async lineTop(line: number): Promise<string> {
    const element = this.lineNumberElement(line);
    await element.waitFor({ timeout: uiTimeoutMs });
    return element.evaluate((node) => (node as unknown as PageElement).parentElement?.style.top ?? '');
  }

  /**
   * Where the line number `line` and the glyph margin are drawn. The editor
   * redraws its lines while it settles (just opened, scrolled, on a loaded
   * machine), so a line found a moment ago may be replaced before it is
   * measured: reveal and measure again until both are on screen.
   */
  private async gutterBoxes(line: number): Promise<{ numberBox: Box; marginBox: Box }> {
    const deadline = Date.now() + uiTimeoutMs;
    for (;;) {
      await this.revealLine(line);
      const numberBox = await this.lineNumberElement(line).boundingBox({ timeout: uiTimeoutMs });
      const marginBox = await this.page.locator(`${selectors.activeEditor} .margin .glyph-margin`).first().boundingBox({ timeout: uiTimeoutMs });
      if (numberBox && marginBox) return { numberBox, marginBox };
      if (Date.now() > deadline) {
        const screenshot = await this.snap(`line ${line} not on screen`);
        throw new Error(`line ${line} or the glyph margin is not on screen (see ${screenshot})`);
      }
      await sleep(250);
    }
  }

  /** Sets a breakpoint by clicking the glyph margin (the gutter left of the line numbers) on `line`. */
  async clickGutter(line: number): Promise<void> {
    const { numberBox, marginBox } = await this.gutterBoxes(line);
    const x = marginBox.x + marginBox.width / 2;
    const y = numberBox.y + numberBox.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.click(x, y);
  }

  /** What the active editor draws on `line` (undefined when the line is not on screen). */
  async shownLine(line: number): Promise<ShownLine | undefined> {
    const top = await this.lineTop(line);
    return this.page.evaluate(
      ({ names, top }) => {
        const editor = document.querySelector(names.activeEditor);
        const row = Array.from(editor?.querySelectorAll('.view-lines .view-line') ?? []).find((each) => each.style.top === top);
        if (!row) return undefined;
        const tidy = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
        const values = Array.from(row.querySelectorAll(names.inlineValue)).map((each) => tidy(each.textContent));
        return { text: tidy(row.textContent), inlineValues: values.filter((each) => each !== '').join(', ') };
      },
      { names: selectors, top },
    );
  }

  /** Waits until what the active editor draws on `line` satisfies `accept`, and returns it. */
  async waitForShownLine(line: number, what: string, accept: (shown: ShownLine) => boolean, timeoutMs = uiTimeoutMs): Promise<ShownLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = await this.shownLine(line);
      if (shown && accept(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`line ${line} never showed ${what}; it shows ${JSON.stringify(shown)}`);
      await sleep(200);
    }
  }

  /** The middle of the first `word` of the source on `line`, on screen (the source is drawn before any decoration). */
  private async wordCenter(line: number, word: string): Promise<{ x: number; y: number }> {
    await this.revealLine(line);
    const top = await this.lineTop(line);
    const point = await this.page.evaluate(
      ({ editorSelector, top, word }) => {
        const editor = document.querySelector(editorSelector);
        const row = Array.from(editor?.querySelectorAll('.view-lines .view-line') ?? []).find((each) => each.style.top === top);
        // Each leaf span is one run of text (a token, or a decoration's text); the font is monospaced.
        const runs = Array.from(row?.querySelectorAll('span') ?? []).filter((span) => span.children.length === 0);
        const text = runs.map((span) => span.textContent ?? '').join('');
        const at = new RegExp(`\\b${word}\\b`).exec(text)?.index;
        if (at === undefined) return undefined;
        let start = 0;
        for (const span of runs) {
          const length = (span.textContent ?? '').length;
          if (at < start + length) {
            const box = span.getBoundingClientRect();
            const charWidth = box.width / length;
            return { x: box.left + (at - start + word.length / 2) * charWidth, y: box.top + box.height / 2 };
          }
          start += length;
        }
        return undefined;
      },
      { editorSelector: selectors.activeEditor, top, word },
    );
    if (!point) throw new Error(`no "${word}" on line ${line} of the editor`);
    return point;
  }

  /**
   * Puts the cursor on `word` of `line` (a click) and runs Show or Focus
   * Hover from the command palette: the editor's hover there, what the
   * language servers say, which VS Code shows even while the program is
   * stopped. Returns the hover once it shows `hasText`.
   */
  async showHover(line: number, word: string, hasText: string | RegExp, timeoutMs = uiTimeoutMs): Promise<Locator> {
    const point = await this.wordCenter(line, word);
    const hover = this.page.locator(selectors.editorHover).filter({ hasText }).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.mouse.click(point.x, point.y);
      await this.runCommand('Show or Focus Hover');
      try {
        await hover.waitFor({ timeout: 10_000 });
        return hover;
      } catch (error) {
        if (Date.now() > deadline) {
          const shown = await this.page.locator(selectors.editorHover).allInnerTexts();
          throw new Error(`no hover with ${String(hasText)} over "${word}" on line ${line}; hovers shown: ${JSON.stringify(shown)}`, { cause: error });
        }
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Lines of the active editor that show a breakpoint glyph. */
  async breakpointLines(): Promise<number[]> {
    return this.page.evaluate((editorSelector) => {
      const editor = document.querySelector(editorSelector);
      if (!editor) return [];
      const topsWithBreakpoint = new Set(
        Array.from(editor.querySelectorAll('.codicon-debug-breakpoint, .codicon-debug-breakpoint-unverified'))
          .filter((glyph) => !glyph.className.includes('hint'))
          .map((glyph) => glyph.style.top || (glyph.parentElement?.style.top ?? '')),
      );
      return Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))
        .filter((number) => topsWithBreakpoint.has(number.parentElement?.style.top ?? '-'))
        .map((number) => Number((number.textContent ?? '').trim()));
    }, selectors.activeEditor);
  }

  async waitForBreakpointGlyph(line: number): Promise<void> {
    const deadline = Date.now() + uiTimeoutMs;
    while (!(await this.breakpointLines()).includes(line)) {
      if (Date.now() > deadline) {
        throw new Error(`no breakpoint glyph on line ${line}; glyphs on ${JSON.stringify(await this.breakpointLines())}`);
      }
      await sleep(200);
    }
  }

  /** Presses F5 with the editor focused: starts the launch configuration selected in Run and Debug. */
  async pressF5(): Promise<void> {
    await this.page.locator(`${selectors.activeEditor} .view-lines`).click();
    await this.page.keyboard.press('F5');
  }

  /** Text of an error dialog (the way VS Code shows a debug session that failed to start), if one is open. */
  async dialogText(): Promise<string | undefined> {
    const dialog = this.page.locator('.monaco-dialog-box .dialog-message-text');
    return (await dialog.isVisible()) ? (await dialog.innerText()).trim() : undefined;
  }

  /** Waits for the debug toolbar; fails at once with its message when VS Code shows an error dialog instead. */
  async waitForDebugToolbar(timeoutMs = startTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const toolbar = this.page.locator(selectors.debugToolbar);
    while (!(await toolbar.isVisible())) {
      const dialog = await this.dialogText();
      if (dialog !== undefined) throw new Error(`debugging did not start; VS Code says: ${dialog}`);
      if (Date.now() > deadline) {
        throw new Error(`no debug toolbar within ${timeoutMs} ms; notifications: ${JSON.stringify(await this.notifications())}`);
      }
      await sleep(200);
    }
  }

  /**
   * The line number of the top stack frame's highlighted line, or undefined
   * when none is shown: in the active editor, else in whichever editor shows
   * it (a webview panel beside the source may hold the focus).
   */
  async stoppedLine(): Promise<number | undefined> {
    return this.page.evaluate((names) => {
      const active = document.querySelector(names.activeEditor);
      const editors = [active, ...Array.from(document.querySelectorAll('.monaco-editor'))];
      for (const editor of editors) {
        const highlight = editor?.querySelector(`.view-overlays ${names.topStackFrameLine}`);
        const top = highlight?.parentElement?.style.top;
        if (!editor || top === undefined) continue;
        const number = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((each) => each.parentElement?.style.top === top);
        if (number) return Number((number.textContent ?? '').trim());
      }
      return undefined;
    }, selectors);
  }

  /** Waits until the editor shows the program stopped on `line` (or on any line when `line` is left out). */
  async waitForStoppedLine(line?: number, timeoutMs = startTimeoutMs): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last: number | undefined;
    for (;;) {
      last = await this.stoppedLine();
      if (last !== undefined && (line === undefined || last === line)) return last;
      const dialog = await this.dialogText();
      if (dialog !== undefined) throw new Error(`VS Code shows an error instead of a stop: ${dialog}`);
      if (Date.now() > deadline) {
        throw new Error(`the editor did not show a stop ${line === undefined ? '' : `on line ${line} `}(last seen: ${last ?? 'none'})`);
      }
      await sleep(200);
    }
  }

  private async rowTexts(selector: string): Promise<string[]> {
    const texts = await this.page.locator(selector).allInnerTexts();
    return texts.map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** Waits for rows in a list of the Run and Debug view until `accept` is satisfied, and returns their text. */
  private async waitForRows(selector: string, what: string, accept: (rows: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + uiTimeoutMs;
    for (;;) {
      const rows = await this.rowTexts(selector);
      if (accept(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`${what} never showed what was expected; rows: ${JSON.stringify(rows)}`);
      await sleep(200);
    }
  }

  /** The Call Stack header's state ("Paused on breakpoint", or the stop's description). */
  async callStackState(): Promise<string> {
    const label = this.page.locator('.call-stack-state-message').first();
    await label.waitFor({ timeout: uiTimeoutMs });
    return (await label.innerText()).trim();
  }

  async callStackRows(accept: (rows: string[]) => boolean = (rows) => rows.length > 0): Promise<string[]> {
    return this.waitForRows(selectors.callStackRow, 'the call stack', accept);
  }

  async variablesRows(accept: (rows: string[]) => boolean = (rows) => rows.length > 0): Promise<string[]> {
    return this.waitForRows(selectors.variablesRow, 'the variables view', accept);
  }

  /**
   * Expands a scope of the variables view (Locals, Registers, ...) unless it is
   * open already. VS Code expands the first scope by itself only when the Run
   * and Debug view was open before the stop, not when the stop opens it.
   */
  async expandScope(name: string): Promise<void> {
    const row = this.page
      .locator(selectors.variablesRow)
      .filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) })
      .first();
    await row.waitFor({ timeout: uiTimeoutMs });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }

  /** Clicks a button of the debug toolbar (Step Back and Reverse show only while a recording allows them). */
  async clickDebugButton(button: DebugToolbarButton): Promise<void> {
    const locator = this.page.locator(debugButtonSelector(button)).first();
    await locator.waitFor({ timeout: uiTimeoutMs });
    await locator.click();
  }

  async isDebugButtonShown(button: DebugToolbarButton): Promise<boolean> {
    return this.page.locator(debugButtonSelector(button)).first().isVisible();
  }

  /** Waits until a status bar item's text matches `pattern`, and returns that text. */
  async waitForStatusBarText(pattern: RegExp, timeoutMs = uiTimeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const texts = await this.rowTexts('.statusbar .statusbar-item');
      const found = texts.find((text) => pattern.test(text));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no status bar item matches ${pattern}; items: ${JSON.stringify(texts)}`);
      await sleep(200);
    }
  }

  async waitForDebugEnd(timeoutMs = uiTimeoutMs): Promise<void> {
    await this.page.locator(selectors.debugToolbar).waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /**
   * The document of the webview panel that has `selector` (Rewind's Branch
   * History or Timeline): VS Code nests each panel's document two iframes
   * deep, so every frame of the page is asked until one has it.
   */
  async webviewFrame(selector: string, timeoutMs = uiTimeoutMs): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const count = await frame
          .locator(selector)
          .count()
          .catch(() => 0);
        if (count > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector}; notifications: ${JSON.stringify(await this.notifications())}`);
      await sleep(200);
    }
  }

  /** Text of the notifications currently shown (errors from the extension land here). */
  async notifications(): Promise<string[]> {
    return this.rowTexts('.notifications-toasts .notification-list-item-message');
  }
}
