/// <reference lib="dom" />
// Small DOM helpers for the webview scripts. Every string reaches the page
// through textContent or setAttribute, never as markup, so a function name
// like `operator<` or a file path like `<script>…</script>.h` shows as text.

export interface ElementOptions {
  className?: string;
  text?: string;
  title?: string;
  attributes?: Record<string, string>;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Node[] = []): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (options.className) created.className = options.className;
  if (options.text !== undefined) created.textContent = options.text;
  if (options.title !== undefined) created.title = options.title;
  for (const [name, value] of Object.entries(options.attributes ?? {})) created.setAttribute(name, value);
  for (const child of children) created.appendChild(child);
  return created;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, children: Node[]): void {
  parent.replaceChildren(...children);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "file.c:12" or "file.c:12–20": the file's last path part. */
export function sourceText(file: string | undefined, startLine?: number, endLine?: number): string {
  if (!file) return '';
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (!startLine) return base;
  return endLine && endLine !== startLine ? `${base}:${startLine}–${endLine}` : `${base}:${startLine}`;
}
