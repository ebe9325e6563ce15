// DAP memory references as Rewind writes them: "0x…" hex strings (the form
// the helper's addresses take in variables, stack frames and disassembly).
// Clients hand them back unchanged; a decimal string is accepted too. They
// go to the helper as "0x…" strings, exact for every 64-bit address.
import { describeValue, UserError } from './errors';

const largest = (1n << 64n) - 1n;

/** The helper address for a DAP memory reference; a clear error when it is not one. */
export function parseMemoryReference(value: unknown, command: string, name = 'memoryReference'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let address: bigint | undefined;
  if (/^0x[0-9a-f]+$/i.test(text)) address = BigInt(text);
  else if (/^[0-9]+$/.test(text)) address = BigInt(text);
  if (address === undefined || address > largest) {
    throw new UserError('InvalidArguments', `'${command}' needs '${name}' as an address like "0x7ffc1000"; it was ${describeValue(value)}.`, false);
  }
  return `0x${address.toString(16)}`;
}

/** An optional integer argument that may be negative (DAP offsets). */
export function optionalOffset(value: unknown, name: string, command: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new UserError('InvalidArguments', `'${command}' needs '${name}' as an integer.`, false);
  }
  return value;
}
