// `readMemory`: bytes at a memory reference (plus an offset), as base64.
// Memory that cannot be read is not an error: the answer holds the bytes up
// to the first unreadable one and says how many unreadable bytes follow.
// A "gpu<thread>:0x…" reference reads GPU memory (gpuThreads.ts).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { UserError } from '../errors';
import { addressToHex } from '../helper/protocol';
import { parseGpuMemoryReference } from '../gpuThreads';
import { optionalOffset, parseMemoryReference } from '../memoryReference';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';

type Body = DebugProtocol.ReadMemoryResponse['body'];

export const readMemory: RequestHandler<DebugProtocol.ReadMemoryArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('readMemory');
  const gpu = parseGpuMemoryReference(args.memoryReference);
  const address = gpu ? gpu.address : parseMemoryReference(args.memoryReference, 'readMemory');
  const offset = optionalOffset(args.offset, 'offset', 'readMemory');
  const count = requireInteger(args.count, 'count', 'readMemory');
  if (count < 0) throw new UserError('InvalidArguments', `'readMemory' needs 'count' to be 0 or more; it was ${count}.`, false);
  if (gpu) {
    // GPU memory as the GPU thread sees it.
    const start = `0x${((BigInt(gpu.address) + BigInt(offset)) & ((1n << 64n) - 1n)).toString(16)}`;
    const answer = await helper.request('gpuReadMemory', { thread: gpu.thread, address: start, count });
    const body: Body = { address: addressToHex(answer.address) };
    if (answer.data !== '') body.data = answer.data;
    if (answer.unreadableBytes > 0) body.unreadableBytes = answer.unreadableBytes;
    return body;
  }
  const answer = await helper.request('readMemory', { address, offset, count });
  const body: Body = { address: addressToHex(answer.address) };
  if (answer.data !== '') body.data = answer.data;
  if (answer.unreadableBytes > 0) body.unreadableBytes = answer.unreadableBytes;
  return body;
};
