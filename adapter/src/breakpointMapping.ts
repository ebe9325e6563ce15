// Turns a breakpoint as the helper describes it into a DAP Breakpoint: the id
// is the helper's (stable for the same source line), the source path goes
// through the source map, and lines follow the client's numbering.
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import type { HelperBreakpoint } from './helper/protocol';
import type { SessionContext } from './sessionContext';

/**
 * `clientSource` is the source the client named in `setBreakpoints`; it is
 * echoed back so the client matches it exactly. Without it (a `breakpoint`
 * event) the helper's path, mapped to a local one, is used.
 */
export function toDapBreakpoint(
  breakpoint: HelperBreakpoint,
  ctx: SessionContext,
  clientSource?: DebugProtocol.Source,
): DebugProtocol.Breakpoint {
  const result: DebugProtocol.Breakpoint = { id: breakpoint.id, verified: breakpoint.verified };
  const line = breakpoint.line ?? breakpoint.requestedLine;
  if (line !== undefined) result.line = ctx.toClientLine(line);
  if (clientSource) {
    result.source = clientSource;
  } else if (breakpoint.source) {
    const local = ctx.paths.toLocal(breakpoint.source);
    result.source = { name: path.basename(local), path: local };
  }
  if (breakpoint.message) result.message = breakpoint.message;
  if (breakpoint.addresses && breakpoint.addresses.length > 0) {
    const first = breakpoint.addresses[0];
    result.instructionReference = typeof first === 'number' ? `0x${first.toString(16)}` : first;
  }
  return result;
}
