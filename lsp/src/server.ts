// The Rewind language server (out/languageServer.js, LSP over stdio): the
// recorded history of the program being debugged, shown in the editor for
// C, C++ and Rust files — inline values of the stopped frame's variables,
// execution counts per line (inlay hints), lines that never ran (faded, as
// hint diagnostics tagged Unnecessary), per-function code lenses that travel
// to a function's first and last call, and a hover with a variable's value
// and its last recorded writes. It reaches the debug session through the
// editor (see messages.ts); it never imports `vscode`, so any LSP client
// that forwards `rewind/dap` to its Rewind debug session can use it.
import { fileURLToPath } from 'node:url';
import {
  CodeLensRefreshRequest,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DebugBridge } from './debugBridge';
import { executionHints, lineRuns, neverRanDiagnostics, type LineRun } from './executionHints';
import { functionCalls, functionLenses } from './functionLenses';
import { inlineValuesFor } from './inlineValues';
import { debugChanged, travelCommand } from './messages';
import { nameAt } from './sourceTokens';
import { variableHover } from './variableHover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const bridge = new DebugBridge(connection);
let client: ClientCapabilities = {};

function pathOf(document: TextDocument): string | undefined {
  return document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

async function runsOf(document: TextDocument): Promise<LineRun[]> {
  const file = pathOf(document);
  if (!file) return [];
  try {
    const [counts, code] = await Promise.all([bridge.lineCounts(file), bridge.codeLines(file, document.lineCount)]);
    return lineRuns(counts, code);
  } catch {
    return []; // no session, no recording, or a file the program does not have
  }
}

async function publishNeverRan(document: TextDocument): Promise<void> {
  const runs = await runsOf(document);
  await connection.sendDiagnostics({ uri: document.uri, diagnostics: neverRanDiagnostics(runs, (line) => lineText(document, line).length) });
}

connection.onInitialize((params): InitializeResult => {
  client = params.capabilities;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      inlineValueProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      hoverProvider: true,
      executeCommandProvider: { commands: [travelCommand] },
    },
    serverInfo: { name: 'rewind-history' },
  };
});

connection.languages.inlineValue.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  try {
    const declarations = await bridge.scopeDeclarations(params.context.frameId);
    return inlineValuesFor((line) => lineText(document, line), declarations, params.context.stoppedLocation.start.line, {
      start: params.range.start.line,
      end: params.range.end.line,
    });
  } catch {
    return [];
  }
});

connection.languages.inlayHint.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return executionHints(await runsOf(document), params.range.start.line, params.range.end.line, (line) => lineText(document, line).length);
});

connection.onCodeLens(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const file = document && pathOf(document);
  if (!file) return [];
  try {
    return functionLenses(functionCalls(await bridge.callSegments(), file), (line) => lineText(document, line));
  } catch {
    return [];
  }
});

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const file = document && pathOf(document);
  if (!file) return null;
  const token = nameAt(lineText(document, params.position.line), params.position.character);
  if (!token) return null;
  const range = { start: { line: params.position.line, character: token.start }, end: { line: params.position.line, character: token.end } };
  return variableHover(bridge, file, token.name, range);
});

connection.onExecuteCommand(async (params) => {
  if (params.command !== travelCommand) return null;
  const index = params.arguments?.[0];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new Error(`${travelCommand} needs a history position (a whole number from 0), not ${JSON.stringify(index)}.`);
  }
  await bridge.travelTo(index);
  return null;
});

connection.onNotification(debugChanged, async () => {
  bridge.invalidate();
  await Promise.all(documents.all().map(publishNeverRan));
  const workspace = client.workspace;
  if (workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh().catch(() => undefined);
  if (workspace?.inlineValue?.refreshSupport) void connection.languages.inlineValue.refresh().catch(() => undefined);
  if (workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
});

documents.onDidOpen((event) => void publishNeverRan(event.document));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
