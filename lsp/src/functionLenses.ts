// Code lenses over the functions of a document that the recorded history
// called: "called 40× · first call #12 — travel" and "last call #98,765 —
// travel", each running the travel command with that history position (the
// first instruction of the call). Built from the adapter's callHistory
// segments: a segment that arrived by a call is one call of its function.
// The lens stands on the first line the calls ran (the function's opening).
import { type CodeLens, Command, Range } from 'vscode-languageserver/node';
import type { CallSegment } from './debugBridge';
import { formatCount } from './executionHints';
import { travelCommand } from './messages';

export interface FunctionCalls {
  function: string;
  line: number; // 1-based: the first line its calls ran (the function's opening line)
  calls: number;
  firstIndex: number;
  lastIndex: number;
}

/** The calls of each function of `file`. The history's first segment (arrival null) counts as a call too: it is where the recording began. */
export function functionCalls(segments: readonly CallSegment[], file: string): FunctionCalls[] {
  const byFunction = new Map<string, FunctionCalls>();
  for (const segment of segments) {
    if (segment.file !== file || segment.startLine === undefined) continue;
    if (segment.arrival !== 'call' && segment.arrival !== null) continue;
    const known = byFunction.get(segment.function);
    if (!known) {
      byFunction.set(segment.function, {
        function: segment.function,
        line: segment.startLine,
        calls: 1,
        firstIndex: segment.startIndex,
        lastIndex: segment.startIndex,
      });
      continue;
    }
    known.calls++;
    known.line = Math.min(known.line, segment.startLine);
    known.firstIndex = Math.min(known.firstIndex, segment.startIndex);
    known.lastIndex = Math.max(known.lastIndex, segment.startIndex);
  }
  return [...byFunction.values()].sort((a, b) => a.line - b.line);
}

/** `lineText` reads a 0-based line: a lens that would sit on a lone `{` goes to the function's signature above it. */
export function functionLenses(calls: readonly FunctionCalls[], lineText: (line: number) => string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const entry of calls) {
    const first = entry.line - 1;
    const line = first > 0 && lineText(first).trim() === '{' ? first - 1 : first;
    const range = Range.create(line, 0, line, 0);
    const times = `called ${formatCount(entry.calls)}×`;
    lenses.push({ range, command: Command.create(`${times} · first call #${formatCount(entry.firstIndex)} — travel`, travelCommand, entry.firstIndex) });
    if (entry.calls > 1) {
      lenses.push({ range, command: Command.create(`last call #${formatCount(entry.lastIndex)} — travel`, travelCommand, entry.lastIndex) });
    }
  }
  return lenses;
}
