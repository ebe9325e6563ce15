// The recorded history's execution counts as the editor shows them: an
// inlay hint at the end of each line that has code — "ran 1,204×" or
// "never ran" — and, for the lines that never ran, a hint-level diagnostic
// tagged Unnecessary, which editors draw faded (VS Code dims the line,
// Neovim uses its DiagnosticUnnecessary highlight). "Never ran" means: no
// instruction of the line is in the recorded history.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, InlayHint, Position, Range } from 'vscode-languageserver/node';
import type { LineCount } from './debugBridge';

export interface LineRun {
  line: number; // 1-based
  count: number; // 0: never ran
}

/** Every line with code, with how often it ran (lines that ran but the line table does not list count too). */
export function lineRuns(counts: readonly LineCount[], codeLines: readonly number[]): LineRun[] {
  const byLine = new Map<number, number>();
  for (const line of codeLines) byLine.set(line, 0);
  for (const { line, count } of counts) byLine.set(line, count);
  return [...byLine].map(([line, count]) => ({ line, count })).sort((a, b) => a.line - b.line);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function runLabel(count: number): string {
  return count === 0 ? 'never ran' : `ran ${formatCount(count)}×`;
}

/** Inlay hints for the 0-based lines first..last; `lineLength` gives where each line ends. */
export function executionHints(runs: readonly LineRun[], first: number, last: number, lineLength: (line: number) => number): InlayHint[] {
  return runs
    .filter(({ line }) => line - 1 >= first && line - 1 <= last)
    .map(({ line, count }) => {
      const hint = InlayHint.create(Position.create(line - 1, lineLength(line - 1)), runLabel(count));
      hint.paddingLeft = true;
      hint.tooltip =
        count === 0
          ? 'No instruction of this line is in the recorded history.'
          : `This line ran ${formatCount(count)} time${count === 1 ? '' : 's'} in the recorded history.`;
      return hint;
    });
}

export const neverRanMessage = 'Never ran in the recorded history';

export function neverRanDiagnostics(runs: readonly LineRun[], lineLength: (line: number) => number): Diagnostic[] {
  return runs
    .filter(({ count }) => count === 0)
    .map(({ line }) => {
      const diagnostic = Diagnostic.create(
        Range.create(line - 1, 0, line - 1, lineLength(line - 1)),
        neverRanMessage,
        DiagnosticSeverity.Hint,
        undefined,
        'rewind',
      );
      diagnostic.tags = [DiagnosticTag.Unnecessary];
      return diagnostic;
    });
}
