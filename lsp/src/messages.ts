// The few messages the Rewind language server adds to the Language Server
// Protocol, shared by the server, the VS Code extension and the tests (no
// `vscode` here). The server has no debug session of its own: it asks the
// editor to run Debug Adapter Protocol requests on the editor's Rewind
// session (`rewind/dap`), and the editor tells it when the program stopped,
// travelled or ended (`rewind/debugChanged`), so it can refresh what it shows.

/** Server → client request: run one DAP request on the active Rewind debug session and answer its response body. */
export const dapRequest = 'rewind/dap';

export interface DapRequestParams {
  command: string;
  arguments?: Record<string, unknown>;
}

/** Client → server notification: the debug session stopped, moved in its history, or ended. */
export const debugChanged = 'rewind/debugChanged';

/** The command (workspace/executeCommand) that travels to a history position; arguments: [index]. */
export const travelCommand = 'rewind.history.travelTo';

/** A markdown link that runs the travel command where the editor allows command links (VS Code). */
export function travelLink(index: number, label: string): string {
  return `[${label}](command:${travelCommand}?${encodeURIComponent(JSON.stringify([index]))})`;
}
