// The exception filters Rewind offers (the checkboxes of VS Code's
// Breakpoints view): which signals, C++ throws and Rust panics stop the
// program. The helper knows them by the same ids.
import type { DebugProtocol } from '@vscode/debugprotocol';

export const exceptionFilters: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'fatal-signals',
    label: 'Crashes and fatal signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT)',
    description: 'Stop where the program crashes, before the signal kills it.',
    default: true,
  },
  {
    filter: 'other-signals',
    label: 'Other signals',
    description: 'Stop when the program receives any other signal (SIGUSR1, SIGINT, SIGCHLD, …), before its handler runs.',
    default: false,
  },
  {
    filter: 'cpp-throw',
    label: 'C++: on throw',
    description: 'Stop where a C++ exception is thrown, caught or not.',
    default: false,
  },
  {
    filter: 'rust-panic',
    label: 'Rust: on panic',
    description: 'Stop where a Rust program panics.',
    default: false,
  },
];

const known = new Set(exceptionFilters.map((filter) => filter.filter));

/** The ids among `ids` that are not filters of Rewind. */
export function unknownFilters(ids: string[]): string[] {
  return ids.filter((id) => !known.has(id));
}
