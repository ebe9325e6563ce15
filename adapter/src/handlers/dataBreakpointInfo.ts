// `dataBreakpointInfo`: can this value be watched, and under which id? Three
// ways to name it: a variable or a child of one (variablesReference + name,
// e.g. from the Variables view), an expression in a frame (name + frameId,
// e.g. a watch expression), or a memory range (`asAddress` with `bytes`).
// A value that is not in memory gets `dataId: null` with the reason, which
// the editor shows instead of offering the watch.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeValue, HelperRequestError, UserError } from '../errors';
import type { DataBreakpointInfoArgs } from '../helper/protocol';
import type { SessionContext } from '../sessionContext';
import type { RequestHandler } from './requestHandler';
import { frameOrFirstThread, optionalNonNegative, requireString } from './requestHandler';

type Body = DebugProtocol.DataBreakpointInfoResponse['body'];

const command = 'dataBreakpointInfo';

/** "0x7ffd1234" or "140725…" as the helper's "0x…" form; anything else is the user's mistake. */
function parseAddress(text: string): string {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) {
    throw new UserError('InvalidArguments', `${describeValue(text)} is not a memory address; give one like 0x7ffd5a3c or 140725148432.`);
  }
  return `0x${BigInt(text).toString(16)}`;
}

export async function helperArguments(args: DebugProtocol.DataBreakpointInfoArguments, ctx: SessionContext): Promise<DataBreakpointInfoArgs> {
  const name = requireString(args.name, 'name', command).trim();
  if (args.asAddress) {
    const bytes = optionalNonNegative(args.bytes, 'bytes', command) ?? 1;
    if (bytes === 0) throw new UserError('InvalidArguments', 'A data breakpoint on an address needs at least 1 byte.');
    return { address: parseAddress(name), bytes };
  }
  const ref = optionalNonNegative(args.variablesReference, 'variablesReference', command);
  if (ref) {
    const tid = ctx.referenceThreads.threadOf(ref);
    return tid === undefined ? { ref, name } : { ref, name, tid };
  }
  const { tid, frameIndex } = await frameOrFirstThread(ctx, ctx.helper(command), args.frameId, command);
  return { expression: name, tid, frame: frameIndex };
}

export const dataBreakpointInfo: RequestHandler<DebugProtocol.DataBreakpointInfoArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper(command);
  const request = await helperArguments(args, ctx);
  try {
    const info = await helper.request(command, request);
    const body: Body = { dataId: info.dataId, description: info.description, canPersist: false };
    if (info.accessTypes) body.accessTypes = info.accessTypes;
    return body;
  } catch (error) {
    // "not in memory", "no such variable": an answer, not a failure.
    if (error instanceof HelperRequestError && error.helperCode === 'BadRequest') return { dataId: null, description: error.message };
    throw error;
  }
};
