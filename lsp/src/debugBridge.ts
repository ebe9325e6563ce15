// The server's typed view of the editor's Rewind debug session: each method
// is one DAP request (standard or one of Rewind's custom requests) that the
// editor runs on its session through the `rewind/dap` request. Answers are
// cached until the editor says the session changed, so that the inlay
// hints, code lenses and diagnostics of one document cost one round trip.
import type { Connection } from 'vscode-languageserver/node';
import type { CallRow, InstructionRow, LineCount, RewindCustomCommand, RewindCustomRequests } from '../../adapter/src/customRequests';
import type { ScopeDeclarationsBody } from '../../adapter/src/helper/protocolTypes';
import { dapRequest, type DapRequestParams } from './messages';

export type { CallRow as CallSegment, InstructionRow as HistoryInstruction, LineCount } from '../../adapter/src/customRequests';
export type { ScopeDeclarationsBody as ScopeDeclarations } from '../../adapter/src/helper/protocolTypes';

export interface StackFrame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string };
}

const callPageSize = 5000;
const maxCallPages = 40;

export class DebugBridge {
  private cache = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: Connection) {}

  /** Forgets every cached answer (the program moved or the session ended). */
  invalidate(): void {
    this.cache.clear();
  }

  request<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const params: DapRequestParams = { command, arguments: args };
    return this.connection.sendRequest(dapRequest, params) as Promise<T>;
  }

  /** One of Rewind's custom requests, typed by adapter/src/customRequests.ts. */
  custom<C extends RewindCustomCommand>(command: C, args: RewindCustomRequests[C]['args']): Promise<RewindCustomRequests[C]['body']> {
    return this.request(command, args as Record<string, unknown>);
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let answer = this.cache.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = load();
      this.cache.set(key, answer);
      answer.catch(() => this.cache.delete(key));
    }
    return answer;
  }

  lineCounts(file: string): Promise<LineCount[]> {
    return this.cached(`counts:${file}`, async () => (await this.custom('lineExecutionCounts', { file })).lines);
  }

  /** The lines of `file` that have code (a statement the line table marks), from 1 to `lastLine`. */
  codeLines(file: string, lastLine: number): Promise<number[]> {
    return this.cached(`code:${file}`, async () => (await this.custom('codeLines', { file, endLine: lastLine })).lines);
  }

  /** Every function segment of the recorded history (up to a bound of pages). */
  callSegments(): Promise<CallRow[]> {
    return this.cached('calls', async () => {
      const segments: CallRow[] = [];
      for (let page = 0; page < maxCallPages; page++) {
        const body = await this.custom('callHistory', { start: segments.length, count: callPageSize });
        segments.push(...body.segments);
        if (body.segments.length === 0 || segments.length >= body.total) break;
      }
      return segments;
    });
  }

  scopeDeclarations(frameId: number): Promise<ScopeDeclarationsBody> {
    return this.custom('scopeDeclarations', { frameId });
  }

  /** The innermost frame of any thread that runs code of `file` (the frame a hover in that file is about). */
  frameIn(file: string): Promise<StackFrame | undefined> {
    return this.cached(`frame:${file}`, async () => {
      const { threads } = await this.request<{ threads: Array<{ id: number }> }>('threads');
      for (const thread of threads) {
        const { stackFrames } = await this.request<{ stackFrames: StackFrame[] }>('stackTrace', { threadId: thread.id, startFrame: 0, levels: 20 });
        const frame = stackFrames.find((candidate) => sourceFile(candidate.source?.path) === file);
        if (frame) return frame;
      }
      return undefined;
    });
  }

  evaluate(expression: string, frameId: number): Promise<{ result: string; type?: string }> {
    return this.request('evaluate', { expression, frameId, context: 'hover' });
  }

  writeHistory(expression: string, frameId: number, count: number): Promise<RewindCustomRequests['writeHistory']['body']> {
    return this.custom('writeHistory', { expression, frameId, count });
  }

  /** The history entry at `index` (its function and line). */
  async instructionAt(index: number): Promise<InstructionRow | undefined> {
    const body = await this.custom('instructionHistory', { atIndex: index, count: 1 });
    return body.instructions.find((row) => row.index === index);
  }

  travelTo(index: number): Promise<unknown> {
    return this.custom('travelTo', { index });
  }
}

/**
 * The file path of a stack frame's `source.path`. An editor may hand DAP
 * responses on with the paths it rewrote: VS Code turns those of the
 * requests it knows (stackTrace among them) into URIs — `vscode-local:`,
 * `vscode-remote:` or `file:` — when an extension asks in a remote window.
 */
export function sourceFile(path: string | undefined): string | undefined {
  if (path === undefined || !/^[a-z][a-z0-9+.-]+:/i.test(path)) return path;
  try {
    return decodeURIComponent(new URL(path).pathname);
  } catch {
    return path;
  }
}
