// `writeMemory`: base64 bytes written at a memory reference (plus an
// offset). Without `allowPartial` the whole range must be writable or
// nothing is written; with it, writing stops at the first unwritable byte
// and `bytesWritten` says how far it got.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { optionalOffset, parseMemoryReference } from '../memoryReference';
import type { RequestHandler } from './requestHandler';
import { requireString } from './requestHandler';

type Body = DebugProtocol.WriteMemoryResponse['body'];

export const writeMemory: RequestHandler<DebugProtocol.WriteMemoryArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('writeMemory');
  const address = parseMemoryReference(args.memoryReference, 'writeMemory');
  const offset = optionalOffset(args.offset, 'offset', 'writeMemory');
  const data = requireString(args.data, 'data', 'writeMemory');
  const allowPartial = args.allowPartial === true;
  const answer = await helper.request('writeMemory', { address, offset, data, allowPartial });
  return { offset: 0, bytesWritten: answer.bytesWritten };
};
