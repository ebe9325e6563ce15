// `disassemble`: exactly `instructionCount` instructions around a memory
// reference (usually a frame's instructionPointerReference), in Intel
// syntax, each with its bytes, symbol ("main+12") and source line. Rows for
// memory that cannot be read, or bytes that are no instruction, are marked
// invalid rather than left out.
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import { addressToHex, type HelperInstruction } from '../helper/protocol';
import { optionalOffset, parseMemoryReference } from '../memoryReference';
import type { SessionContext } from '../sessionContext';
import type { RequestHandler } from './requestHandler';
import { requireInteger } from './requestHandler';
import { UserError } from '../errors';

type Body = DebugProtocol.DisassembleResponse['body'];

export const disassemble: RequestHandler<DebugProtocol.DisassembleArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('disassemble');
  const address = parseMemoryReference(args.memoryReference, 'disassemble');
  const offset = optionalOffset(args.offset, 'offset', 'disassemble');
  const instructionOffset = optionalOffset(args.instructionOffset, 'instructionOffset', 'disassemble');
  const instructionCount = requireInteger(args.instructionCount, 'instructionCount', 'disassemble');
  if (instructionCount < 0) {
    throw new UserError('InvalidArguments', `'disassemble' needs 'instructionCount' to be 0 or more; it was ${instructionCount}.`, false);
  }
  const answer = await helper.request('disassemble', { address, offset, instructionOffset, instructionCount });
  return { instructions: answer.instructions.map((row) => toDapInstruction(row, ctx, args.resolveSymbols !== false)) };
};

function toDapInstruction(row: HelperInstruction, ctx: SessionContext, withSymbols: boolean): DebugProtocol.DisassembledInstruction {
  const result: DebugProtocol.DisassembledInstruction = {
    address: addressToHex(row.address),
    instruction: row.text,
  };
  if (row.bytes !== '') result.instructionBytes = row.bytes;
  if (row.invalid) result.presentationHint = 'invalid';
  if (withSymbols && row.symbol !== undefined) result.symbol = row.symbol;
  if (row.file !== undefined && row.line !== undefined && row.line > 0) {
    const local = ctx.paths.toLocal(row.file);
    result.location = { name: path.basename(local), path: local };
    result.line = ctx.toClientLine(row.line);
    if (row.column !== undefined && row.column > 0) result.column = ctx.toClientColumn(row.column);
  }
  return result;
}
