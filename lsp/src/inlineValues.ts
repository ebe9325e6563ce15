// Inline values for the stopped frame: the variables its function sees
// (from DWARF scopes, through the adapter's `scopeDeclarations`), placed
// where their names stand on the lines from the function's start to the
// stopped line, and only from their declaration line on. The editor then
// looks each one up in the frame's Variables (InlineValueVariableLookup),
// so a value shown is always the debugger's, never guessed from the text.
import { InlineValueVariableLookup, Range, type InlineValue } from 'vscode-languageserver/node';
import type { ScopeDeclarations } from './debugBridge';
import { nameTokens } from './sourceTokens';

/** Lines are 0-based (LSP); `declarations` lines are 1-based (DWARF). */
export function inlineValuesFor(
  lineText: (line: number) => string,
  declarations: ScopeDeclarations,
  stoppedLine: number,
  visible: { start: number; end: number },
): InlineValue[] {
  const declared = new Map<string, number>();
  for (const variable of declarations.variables) {
    // An inner block's variable shadows an outer one of the same name: the later entry wins.
    declared.set(variable.name, (variable.declLine ?? 1) - 1);
  }
  const first = Math.max(visible.start, declarations.functionLine !== undefined ? declarations.functionLine - 1 : stoppedLine);
  const last = Math.min(visible.end, stoppedLine);
  const values: InlineValue[] = [];
  for (let line = first; line <= last; line++) {
    const seen = new Set<string>();
    for (const token of nameTokens(lineText(line))) {
      const declLine = declared.get(token.name);
      if (declLine === undefined || line < declLine || seen.has(token.name)) continue;
      seen.add(token.name);
      values.push(InlineValueVariableLookup.create(Range.create(line, token.start, line, token.end), token.name, true));
    }
  }
  return values;
}
