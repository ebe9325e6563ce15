// The adapter's own log: stderr, which DAP leaves free (stdout carries the
// protocol). Internal errors and protocol oddities go here.

export function logError(text: string): void {
  process.stderr.write(`rewind adapter: ${text}\n`);
}
