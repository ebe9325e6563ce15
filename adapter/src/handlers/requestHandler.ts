// The shape of a request handler, and small checks of request arguments
// shared by the handlers (a missing or mistyped argument is the client's
// mistake: it gets an InvalidArguments error that names the argument).
import type { RewindCustomCommand, RewindCustomRequests } from '../customRequests';
import { UserError } from '../errors';
import type { FrameLocation } from '../frameHandles';
import type { HelperClient } from '../helper/helperClient';
import type { SessionContext } from '../sessionContext';

/** A handler: arguments in, response body out (or undefined for none); throws on failure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestHandler<Args = any, Body = unknown> = (args: Args, ctx: SessionContext) => Promise<Body>;

/** The handler of one of Rewind's custom requests: the arguments as a client may send them (any may be missing), the body typed. */
export type CustomRequestHandler<C extends RewindCustomCommand> = RequestHandler<Partial<RewindCustomRequests[C]['args']>, RewindCustomRequests[C]['body']>;

export function requireInteger(value: unknown, name: string, command: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UserError('InvalidArguments', `'${command}' needs the argument '${name}' as an integer.`, false);
  }
  return value;
}

export function optionalNonNegative(value: unknown, name: string, command: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = requireInteger(value, name, command);
  if (number < 0) {
    throw new UserError('InvalidArguments', `'${command}' needs '${name}' to be 0 or more; it was ${number}.`, false);
  }
  return number;
}

export function requireString(value: unknown, name: string, command: string): string {
  if (typeof value !== 'string') {
    throw new UserError('InvalidArguments', `'${command}' needs the argument '${name}' as a string.`, false);
  }
  return value;
}

/** The frame a DAP frame id stands for; a stale or unknown id is a clear error. */
export function frameLocation(ctx: SessionContext, frameId: unknown, command: string): FrameLocation {
  const id = requireInteger(frameId, 'frameId', command);
  const location = ctx.frames.get(id);
  if (!location) {
    throw new UserError('StaleFrame', `Stack frame ${id} is no longer valid: the program has run since it was shown. Ask for the call stack again.`, false);
  }
  return location;
}

/**
 * The frame a request names with `frameId`; without one, the top frame of the
 * program's first thread (DAP's "global scope").
 */
export async function frameOrFirstThread(ctx: SessionContext, helper: HelperClient, frameId: unknown, command: string): Promise<FrameLocation> {
  if (frameId !== undefined && frameId !== null) return frameLocation(ctx, frameId, command);
  const { threads } = await helper.request('threads', {});
  if (threads.length === 0) throw new UserError('NotLaunched', `The program has no threads for '${command}'.`, false);
  return { tid: threads[0].id, frameIndex: 0 };
}
