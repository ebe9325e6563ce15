/// <reference lib="dom" />
// The one object a VS Code webview gets from its host: postMessage to the
// extension, and a little state that survives the panel being hidden.
// Tests provide the same function before the script runs.
import type { HostMessage, WebviewRequest } from '../panelMessages';

export interface VsCodeApi {
  postMessage(message: WebviewRequest): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}

/** Calls `handle` with every message the host posts. */
export function onHostMessage(handle: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as HostMessage | undefined;
    if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
  });
}
