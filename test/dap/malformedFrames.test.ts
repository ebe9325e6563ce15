// Bad DAP frames cost nothing but themselves: for each kind (invalid JSON,
// `null`, a short or non-decimal Content-Length, two different lengths, a
// header with no length, a body that is not UTF-8, LF-only line endings, a
// message that is no request) the adapter logs the frame on stderr, answers
// with an error where the request's seq can be read from it, and goes on
// serving: the well-formed request sent right after gets its answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, RawAdapter } from '../support/rawAdapter';
import { testTimeoutMs } from '../support/timeouts';

interface BadFrame {
  name: string;
  bytes: (seq: number) => Buffer;
  /** Whether the bad request itself is answered (its seq can be read from it). */
  answered: boolean;
}

const threadsRequest = (seq: number) => JSON.stringify({ seq, type: 'request', command: 'threads' });

const badFrames: BadFrame[] = [
  { name: 'invalid JSON', bytes: (seq) => frame(`{"seq":${seq},"type":"request","command":"threads",`), answered: true },
  { name: 'null', bytes: () => frame('null'), answered: false },
  { name: 'an array', bytes: () => frame('[1,2]'), answered: false },
  { name: 'a short Content-Length', bytes: (seq) => frame(threadsRequest(seq), 'Content-Length: 5\r\n\r\n'), answered: false },
  { name: 'Content-Length: 1e1', bytes: (seq) => frame(threadsRequest(seq), 'Content-Length: 1e1\r\n\r\n'), answered: true },
  {
    name: 'two different Content-Length headers',
    bytes: (seq) => frame(threadsRequest(seq), `Content-Length: 3\r\nContent-Length: ${threadsRequest(seq).length}\r\n\r\n`),
    answered: true,
  },
  { name: 'a header without a length', bytes: (seq) => frame(threadsRequest(seq), 'Content-Type: application/json\r\n\r\n'), answered: true },
  { name: 'a length that is not a number', bytes: (seq) => frame(threadsRequest(seq), 'Content-Length: many\r\n\r\n'), answered: true },
  {
    name: 'a body that is not UTF-8',
    bytes: (seq) =>
      frame(
        Buffer.concat([
          Buffer.from(`{"seq":${seq},"type":"request","command":"evaluate","arguments":{"expression":"`),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}}'),
        ]),
      ),
    answered: true,
  },
  { name: 'a request whose command is not a string', bytes: (seq) => frame(JSON.stringify({ seq, type: 'request', command: 7 })), answered: true },
  {
    name: 'arguments that are not an object',
    bytes: (seq) => frame(JSON.stringify({ seq, type: 'request', command: 'setFunctionBreakpoints', arguments: [null] })),
    answered: true,
  },
  { name: 'a seq that is not a number', bytes: () => frame(JSON.stringify({ seq: 'one', type: 'request', command: 'threads' })), answered: false },
  { name: 'an event from the client', bytes: (seq) => frame(JSON.stringify({ seq, type: 'event', event: 'stopped' })), answered: true },
  { name: 'bytes outside any frame', bytes: () => Buffer.from('hello adapter\r\n\r\n'), answered: false },
];

for (const bad of badFrames) {
  test(`a frame with ${bad.name} is reported and the next request is answered`, { timeout: testTimeoutMs }, async () => {
    const adapter = RawAdapter.start();
    try {
      const initialize = await adapter.request('initialize', { adapterID: 'rewind', pathFormat: 'path' });
      assert.equal(initialize.success, true);
      const badSeq = adapter.takeSeq();
      adapter.write(bad.bytes(badSeq));
      const next = await adapter.request('threads');
      assert.equal(next.success, true, `threads after the bad frame: ${JSON.stringify(next)}`);
      assert.deepEqual(next.body, { threads: [] });
      if (bad.answered) {
        const answer = adapter.response(badSeq);
        assert.ok(answer, `the bad request ${badSeq} is answered; stderr: ${adapter.stderr()}`);
        assert.equal(answer.success, false);
        assert.ok((answer.message ?? '').length > 0 && (answer.message ?? '').length < 400, `a short message: ${answer.message}`);
        assert.doesNotMatch(answer.message ?? '', /TypeError|Internal error|\bat .*\.js:\d+/);
      }
      // stderr is another pipe than the answers: its line may come a little later.
      const logged = /ignored|not valid|must be|needs/;
      await adapter.until(() => logged.test(adapter.stderr()));
      assert.match(adapter.stderr(), logged, 'the bad frame is logged on stderr');
      assert.ok(adapter.running, `the adapter still runs: ${adapter.exitStatus}`);
    } finally {
      await adapter.close();
    }
  });
}

test('LF-only line endings in the header are accepted', { timeout: testTimeoutMs }, async () => {
  const adapter = RawAdapter.start();
  try {
    const seq = adapter.takeSeq();
    const body = JSON.stringify({ seq, type: 'request', command: 'initialize', arguments: { adapterID: 'rewind' } });
    adapter.write(frame(body, `Content-Length: ${Buffer.byteLength(body)}\n\n`));
    const answer = await adapter.responseTo(seq);
    assert.equal(answer.success, true, JSON.stringify(answer));
    assert.equal((await adapter.request('threads')).success, true);
  } finally {
    await adapter.close();
  }
});

test('frames split at every byte and several frames in one write are all read', { timeout: testTimeoutMs }, async () => {
  const adapter = RawAdapter.start();
  try {
    const first = adapter.takeSeq();
    const second = adapter.takeSeq();
    const bytes = Buffer.concat([
      frame(JSON.stringify({ seq: first, type: 'request', command: 'initialize', arguments: { adapterID: 'rewind' } })),
      frame(JSON.stringify({ seq: second, type: 'request', command: 'threads' })),
    ]);
    for (const byte of bytes) adapter.write(Buffer.from([byte]));
    assert.equal((await adapter.responseTo(first)).success, true);
    assert.equal((await adapter.responseTo(second)).success, true);
    const together = [adapter.takeSeq(), adapter.takeSeq()];
    adapter.write(Buffer.concat(together.map((seq) => frame(JSON.stringify({ seq, type: 'request', command: 'threads' })))));
    for (const seq of together) assert.equal((await adapter.responseTo(seq)).success, true);
  } finally {
    await adapter.close();
  }
});
