// Turns a breakpoint as the helper describes it into a DAP Breakpoint: the id
// is the helper's (stable for the same source line or function name), the
// source path goes through the source map, and lines follow the client's
// numbering. A function breakpoint that matched several functions (C++
// overloads) says how many in its message, as DAP has no field for it.
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import { addressToHex, type HelperBreakpoint } from './helper/protocol';
import type { SessionContext } from './sessionContext';

/**
 * `clientSource` is the source the client named in `setBreakpoints`; it is
 * echoed back so the client matches it exactly. Without it (a `breakpoint`
 * event, a function breakpoint) the helper's path, mapped to a local one, is
 * used.
 */
export function toDapBreakpoint(breakpoint: HelperBreakpoint, ctx: SessionContext, clientSource?: DebugProtocol.Source): DebugProtocol.Breakpoint {
  const result: DebugProtocol.Breakpoint = { id: breakpoint.id, verified: breakpoint.verified };
  const line = breakpoint.line || breakpoint.requestedLine;
  if (line !== undefined && line > 0) result.line = ctx.toClientLine(line);
  if (breakpoint.column !== undefined && breakpoint.column > 0) result.column = ctx.toClientColumn(breakpoint.column);
  if (clientSource) {
    result.source = clientSource;
  } else if (breakpoint.source) {
    const local = ctx.paths.toLocal(breakpoint.source);
    result.source = { name: path.basename(local), path: local };
  }
  const locations = breakpoint.addresses?.length ?? 0;
  if (breakpoint.message) {
    result.message = breakpoint.message;
  } else if (breakpoint.function !== undefined && locations > 1) {
    result.message = `${breakpoint.function}: ${locations} locations`;
  }
  if (breakpoint.addresses && locations > 0) result.instructionReference = addressToHex(breakpoint.addresses[0]);
  return result;
}
