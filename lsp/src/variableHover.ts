// The hover over a variable while a recorded program is stopped: its value
// now (evaluated in the innermost frame that runs the hovered file), and
// its last recorded writes, newest first, each with its history position
// as a link that travels there, the value it left, and the function and
// line that wrote it.
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver/node';
import type { DebugBridge, HistoryInstruction } from './debugBridge';
import { formatCount } from './executionHints';
import { travelLink } from './messages';
import { scalarText } from './scalarValue';

const writesShown = 5;

export async function variableHover(bridge: DebugBridge, file: string, name: string, range: Range): Promise<Hover | null> {
  const frame = await bridge.frameIn(file).catch(() => undefined);
  if (!frame) return null;
  let value: { result: string; type?: string };
  try {
    value = await bridge.evaluate(name, frame.id);
  } catch {
    return null; // not a variable of that frame
  }
  const lines = [`\`${name}\` = \`${value.result}\`${value.type ? ` (${value.type})` : ''} in \`${frame.name}\``, ''];
  try {
    const history = await bridge.writeHistory(name, frame.id, writesShown);
    if (history.writes.length === 0) {
      lines.push('No write of it is in the recorded history.');
    } else {
      lines.push(`Last writes in the recorded history (now at #${formatCount(history.position)}), with the value each left:`, '');
      const places = await Promise.all(history.writes.map(({ index }) => bridge.instructionAt(index).catch(() => undefined)));
      history.writes.forEach(({ index, data }, i) => {
        const left = data !== undefined ? ` → \`${scalarText(Buffer.from(data, 'base64'), value.type ?? '')}\`` : '';
        lines.push(`- ${travelLink(index, `#${formatCount(index)}`)}${left}${place(places[i])}`);
      });
    }
  } catch (error) {
    lines.push(`_No write history: ${error instanceof Error ? error.message : String(error)}_`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range };
}

function place(row: HistoryInstruction | undefined): string {
  if (!row) return '';
  const where = row.line !== undefined ? ` line ${row.line}` : '';
  return row.function ? ` in \`${row.function}\`${where}` : where;
}
