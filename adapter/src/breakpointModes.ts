// The breakpoint modes Rewind offers (DAP `breakpointModes`): an instruction
// breakpoint is a breakpoint instruction written into the code (software),
// or one of the CPU's debug registers (hardware), which leaves the code as
// it is, so read-only or not yet mapped code can have one.
import type { DebugProtocol } from '@vscode/debugprotocol';

export const instructionBreakpointModes: DebugProtocol.BreakpointMode[] = [
  {
    mode: 'software',
    label: 'Software',
    description: 'Writes a breakpoint instruction into the code. No limit on how many.',
    appliesTo: ['instruction'],
  },
  {
    mode: 'hardware',
    label: 'Hardware',
    description:
      "Uses one of the CPU's four debug registers (shared with data breakpoints); the code is not written, so read-only or not yet mapped code works.",
    appliesTo: ['instruction'],
  },
];

/** The helper's mode for a client's `mode`; throws a sentence for the user when it is not one of ours. */
export function instructionBreakpointMode(mode: unknown): 'software' | 'hardware' {
  if (mode === undefined || mode === null) return 'software';
  const known = instructionBreakpointModes.find((candidate) => candidate.mode === mode);
  if (!known) {
    throw new Error(`The breakpoint mode '${String(mode)}' is not one of ${instructionBreakpointModes.map((candidate) => `'${candidate.mode}'`).join(', ')}.`);
  }
  return known.mode as 'software' | 'hardware';
}
