// The hover's past values: raw little-endian bytes read as the variable's type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scalarText } from '../../lsp/src/scalarValue';

const le = (...bytes: number[]): Buffer => Buffer.from(bytes);

test('integers of every size, signed and unsigned, with qualifiers', () => {
  assert.equal(scalarText(le(15, 0, 0, 0, 0, 0, 0, 0), 'volatile long'), '15');
  assert.equal(scalarText(le(0xfe, 0xff, 0xff, 0xff), 'int'), '-2');
  assert.equal(scalarText(le(0xfe, 0xff, 0xff, 0xff), 'unsigned int'), '4294967294');
  assert.equal(scalarText(le(0xff, 0xff), 'const short'), '-1');
  assert.equal(scalarText(le(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 'u64'), '18446744073709551615');
  assert.equal(scalarText(le(0x80, 0, 0, 0, 0, 0, 0, 0x80), 'i64'), '-9223372036854775680');
  assert.equal(scalarText(le(65), 'char'), "65 'A'");
  assert.equal(scalarText(le(10), 'unsigned char'), "10 '\\x0a'");
});

test('floating point, bool, and anything else as bytes', () => {
  assert.equal(scalarText(Buffer.from(new Float64Array([2.5]).buffer), 'double'), '2.5');
  assert.equal(scalarText(Buffer.from(new Float32Array([-0.5]).buffer), 'f32'), '-0.5');
  assert.equal(scalarText(le(1), 'bool'), 'true');
  assert.equal(scalarText(le(1, 2, 3), 'struct point'), '01 02 03');
});
