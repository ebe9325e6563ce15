// What binutils says about a binary, as an independent check of Rewind's
// disassembly: `objdump -d` parsed into instructions (address as in the
// file, raw bytes, mnemonic, enclosing function and its start).
import { execFileSync } from 'node:child_process';

export interface ObjdumpInstruction {
  /** Address in the ELF file (for a PIE, the offset from the load base). */
  address: number;
  /** Hex bytes, space-separated, as Rewind writes them. */
  bytes: string;
  mnemonic: string;
  functionName: string;
  functionStart: number;
}

const cache = new Map<string, ObjdumpInstruction[]>();

/** Every instruction of the binary's code sections, in address order. */
export function objdumpInstructions(binary: string): ObjdumpInstruction[] {
  const known = cache.get(binary);
  if (known) return known;
  const text = execFileSync('objdump', ['-d', '-w', '-M', 'intel', binary], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const instructions: ObjdumpInstruction[] = [];
  let functionName = '';
  let functionStart = 0;
  for (const line of text.split('\n')) {
    const label = /^([0-9a-f]+) <([^>]+)>:$/.exec(line);
    if (label) {
      functionStart = parseInt(label[1], 16);
      functionName = label[2];
      continue;
    }
    // "    1139:\t55                   \tpush   rbp" (-w keeps long instructions on one line)
    const row = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t(\S+)/.exec(line);
    if (!row) continue;
    instructions.push({
      address: parseInt(row[1], 16),
      bytes: row[2].trim(),
      mnemonic: row[3],
      functionName,
      functionStart,
    });
  }
  cache.set(binary, instructions);
  return instructions;
}

/** The instruction objdump lists at `address`; throws when there is none. */
export function objdumpAt(binary: string, address: number): ObjdumpInstruction {
  const found = objdumpInstructions(binary).find((instruction) => instruction.address === address);
  if (!found) throw new Error(`objdump lists no instruction at 0x${address.toString(16)} in ${binary}`);
  return found;
}
