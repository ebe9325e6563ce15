// The breakpoint modes Rewind offers (DAP `breakpointModes`) for source,
// function and instruction breakpoints: a breakpoint instruction written
// into the code (software), or one of the CPU's debug registers (hardware),
// which leaves the code as it is, so read-only or not yet mapped code can
// have one.
import type { DebugProtocol } from '@vscode/debugprotocol';

export const breakpointModes: DebugProtocol.BreakpointMode[] = [
  {
    mode: 'software',
    label: 'Software',
    description: 'Writes a breakpoint instruction into the code. No limit on how many.',
    appliesTo: ['source', 'instruction'],
  },
  {
    mode: 'hardware',
    label: 'Hardware',
    description:
      "Uses one of the CPU's four debug registers (shared with data breakpoints) per location; the code is not written, so read-only or not yet mapped code works.",
    appliesTo: ['source', 'instruction'],
  },
];

/** Why `mode` is not one of ours (undefined when it is, or is absent). */
export function breakpointModeProblem(mode: unknown): string | undefined {
  if (mode === undefined || mode === null || breakpointModes.some((known) => known.mode === mode)) return undefined;
  return `The breakpoint mode '${String(mode)}' is not one of ${breakpointModes.map((known) => `'${known.mode}'`).join(', ')}.`;
}
