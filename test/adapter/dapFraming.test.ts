// DapFrameReader on its own: well-formed frames in any chunking come out as
// messages; each kind of bad frame comes out as one problem (with the
// request's seq when it can be read) and costs nothing after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapFrameReader, type FrameProblem } from '../../adapter/src/dapFraming';

function reader(): { push(bytes: string | Buffer): void; messages: DebugProtocol.ProtocolMessage[]; problems: FrameProblem[] } {
  const messages: DebugProtocol.ProtocolMessage[] = [];
  const problems: FrameProblem[] = [];
  const frames = new DapFrameReader({ message: (m) => messages.push(m), problem: (p) => problems.push(p) });
  return { push: (bytes) => frames.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes), messages, problems };
}

const request = (seq: number, command = 'threads') => JSON.stringify({ seq, type: 'request', command });
const framed = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('frames split anywhere, joined, with LF-only or extra headers, all come through', () => {
  const r = reader();
  const bytes =
    framed(request(1)) +
    framed(request(2)) +
    `Content-Type: application/json\r\nContent-Length: ${request(3).length}\r\n\r\n${request(3)}` +
    `Content-Length: ${request(4).length}\n\n${request(4)}`;
  for (const ch of bytes) r.push(ch);
  assert.deepEqual(
    r.messages.map((m) => m.seq),
    [1, 2, 3, 4],
  );
  assert.deepEqual(r.problems, []);
});

const cases: Array<{ name: string; bytes: string | Buffer; seq?: number }> = [
  { name: 'invalid JSON', bytes: framed('{"seq":7,"type":"request","command":"threads",'), seq: 7 },
  { name: 'null', bytes: framed('null') },
  { name: 'Content-Length: 1e1', bytes: `Content-Length: 1e1\r\n\r\n${request(7)}`, seq: 7 },
  { name: 'two different lengths', bytes: `Content-Length: 3\r\nContent-Length: ${request(7).length}\r\n\r\n${request(7)}`, seq: 7 },
  { name: 'no length', bytes: `Content-Type: x\r\n\r\n${request(7)}`, seq: 7 },
  { name: 'a short length', bytes: `Content-Length: 9\r\n\r\n${request(7)}` },
  {
    name: 'a body that is not UTF-8',
    bytes: Buffer.concat([
      Buffer.from(`Content-Length: 50\r\n\r\n{"seq":7,"type":"request","command":"evaluate","x":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]),
    seq: 7,
  },
  { name: 'a command that is not a string', bytes: framed('{"seq":7,"type":"request","command":[]}'), seq: 7 },
  { name: 'arguments that are an array', bytes: framed('{"seq":7,"type":"request","command":"next","arguments":[null]}'), seq: 7 },
];

for (const bad of cases) {
  test(`${bad.name}: reported, and the next frame comes through`, () => {
    const r = reader();
    r.push(bad.bytes);
    r.push(framed(request(8)));
    assert.deepEqual(
      r.messages.map((m) => m.seq),
      [8],
      JSON.stringify(r.problems),
    );
    assert.ok(r.problems.length >= 1, 'the bad frame is reported');
    assert.ok(
      r.problems.every((p) => p.reason.length < 400),
      'reports are short',
    );
    if (bad.seq !== undefined)
      assert.ok(
        r.problems.some((p) => p.seq === bad.seq),
        `the bad request's seq is found: ${JSON.stringify(r.problems)}`,
      );
  });
}

test('a 10 MB bad body is reported in a few hundred characters', () => {
  const r = reader();
  r.push(framed(`{"seq":7,"type":"request","command":"evaluate","arguments":{"expression":"${'x'.repeat(10_000_000)}"`));
  r.push(framed(request(8)));
  assert.deepEqual(
    r.messages.map((m) => m.seq),
    [8],
  );
  assert.ok(r.problems[0].reason.length < 400, `${r.problems[0].reason.length} characters`);
});
