// Finds the line of a `// #NAME` marker in a fixture source file, so tests never
// hard-code line numbers. A marker that is missing or appears twice is an error.
import fs from 'node:fs';

const fileLines = new Map<string, string[]>();

function linesOf(sourceFile: string): string[] {
  let lines = fileLines.get(sourceFile);
  if (lines === undefined) {
    lines = fs.readFileSync(sourceFile, 'utf8').split('\n');
    fileLines.set(sourceFile, lines);
  }
  return lines;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 1-based line of the marker `#name` in sourceFile. */
export function markerLine(sourceFile: string, name: string): number {
  const pattern = new RegExp(`#${escapeForRegExp(name)}(?![A-Za-z0-9_])`);
  const found: number[] = [];
  linesOf(sourceFile).forEach((line, index) => {
    if (pattern.test(line)) found.push(index + 1);
  });
  if (found.length === 0) throw new Error(`marker #${name} not found in ${sourceFile}`);
  if (found.length > 1) {
    throw new Error(`marker #${name} appears ${found.length} times in ${sourceFile} (lines ${found.join(', ')})`);
  }
  return found[0];
}
