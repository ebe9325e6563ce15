// A value read from raw little-endian bytes, for the hover's past writes:
// integers (C, C++ and Rust spellings, with their qualifiers), bool, char,
// float and double as the debugger writes them ("15", "-3", "2.5", "true",
// "65 'A'"); anything else as hexadecimal bytes. The bytes are the
// variable's own (its size), so an integer is read at whatever size it has.

const integerTypes: Array<[RegExp, boolean]> = [
  [
    /^(unsigned (char|short|int|long|long long)|unsigned|(short|long|long long) unsigned( int)?|u(int)?(8|16|32|64)(_t)?|usize|size_t|uintptr_t)( int)?$/,
    false,
  ],
  [/^((signed )?(char|short|int|long|long long)|signed|i(nt)?(8|16|32|64)(_t)?|isize|ssize_t|intptr_t|ptrdiff_t)( int)?$/, true],
];

export function scalarText(bytes: Buffer, type: string): string {
  const bare = type
    .replace(/\b(const|volatile)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const size = bytes.length;
  if ((bare === 'bool' || bare === '_Bool') && size === 1) return bytes[0] === 0 ? 'false' : 'true';
  if ((bare === 'double' || bare === 'f64') && size === 8) return String(bytes.readDoubleLE(0));
  if ((bare === 'float' || bare === 'f32') && size === 4) return String(bytes.readFloatLE(0));
  for (const [pattern, signed] of integerTypes) {
    if (!pattern.test(bare) || ![1, 2, 4, 8].includes(size)) continue;
    const integer = signed ? BigInt.asIntN(size * 8, readUnsigned(bytes)) : readUnsigned(bytes);
    const text = integer.toString();
    return /char$/.test(bare) && size === 1 ? `${text} ${printable(Number(integer))}` : text;
  }
  return bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

function readUnsigned(bytes: Buffer): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

function printable(code: number): string {
  const c = code < 0 ? code + 256 : code;
  return c >= 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `'\\x${c.toString(16).padStart(2, '0')}'`;
}
