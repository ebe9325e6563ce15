// The HTML document of a Rewind webview panel: a strict Content-Security-
// Policy (nothing but the panel's own script, with a fresh nonce, and its
// own style sheet; no inline code, no remote anything, no eval), an empty
// body the script fills in, and nothing derived from the program — the
// script writes every program string as text. Pure (no `vscode`), so the
// webview tests render exactly what the extension shows.
import { randomBytes } from 'node:crypto';

export interface WebviewDocumentOptions {
  /** Window title (a fixed string of ours, never program data). */
  title: string;
  /** Where the webview may load its script and style from (webview.cspSource). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** Which panel the script builds ("branchHistory" or "timeline"). */
  panel: string;
}

/** A nonce for one document: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of a panel document. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webviewDocument(options: WebviewDocumentOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>${attribute(options.title)}</title>
</head>
<body data-panel="${attribute(options.panel)}">
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
