// rewind-helper answers every line, even a bad one, with exactly one response
// and keeps serving: malformed JSON, a missing or unknown cmd, arguments of the
// wrong type, integers that do not fit (refused, never narrowed or wrapped)
// and requests that do not fit the session's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

test('initialize answers with the protocol version and features', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const body = await helper.request<{ version: string; features: string[] }>('initialize');
    assert.match(body.version, /^\d+\.\d+\.\d+$/);
    for (const feature of ['launch', 'breakpoints', 'step', 'stack', 'variables']) {
      assert.ok(body.features.includes(feature), `feature ${feature} in ${JSON.stringify(body.features)}`);
    }
  });
});

test('a line that is not JSON gets BadRequest with id null, and the helper keeps serving', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const response = await helper.sendRawLine('{"id": 1, "cmd": "initialize", oops', null);
    assert.equal(response.id, null);
    assert.equal(response.ok, false);
    assert.equal(response.error?.code, 'BadRequest');
    assert.ok((response.error?.message ?? '').length > 0, 'the error has a message');
    const next = await helper.send('initialize');
    assert.equal(next.ok, true, `initialize after a bad line: ${JSON.stringify(next)}`);
    assert.deepEqual(helper.strayResponses, [], 'no extra responses');
  });
});

test('a request without cmd gets BadRequest with its id', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const response = await helper.sendRawLine('{"id":41,"args":{}}', 41);
    assert.equal(response.ok, false);
    assert.equal(response.error?.code, 'BadRequest');
    assert.equal((await helper.send('initialize')).ok, true);
  });
});

test('an unknown cmd gets UnknownCommand naming it, and the helper keeps serving', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const response = await helper.send('fly', {});
    assert.equal(response.ok, false);
    assert.equal(response.error?.code, 'UnknownCommand');
    assert.match(response.error?.message ?? '', /fly/);
    assert.equal((await helper.send('initialize')).ok, true);
  });
});

test('arguments of the wrong type get BadRequest', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    for (const args of [{ program: 42 }, {}, { program: '/bin/true', args: 'not-an-array' }]) {
      const response = await helper.send('launch', args);
      assert.equal(response.ok, false, `launch ${JSON.stringify(args)} must fail`);
      assert.equal(response.error?.code, 'BadRequest', `launch ${JSON.stringify(args)}: ${JSON.stringify(response.error)}`);
    }
    assert.equal((await helper.send('initialize')).ok, true);
  });
});

test('requests that need a program get WrongState before launch', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    for (const [cmd, args] of [
      ['continue', {}],
      ['next', { tid: 1 }],
      ['stackTrace', { tid: 1, startFrame: 0, levels: 1 }],
      ['configurationDone', {}],
    ] as const) {
      const response = await helper.send(cmd, args);
      assert.equal(response.ok, false, `${cmd} before launch must fail`);
      assert.equal(response.error?.code, 'WrongState', `${cmd}: ${JSON.stringify(response.error)}`);
      assert.ok((response.error?.message ?? '').length > 0);
    }
    assert.equal((await helper.send('initialize')).ok, true);
  });
});

test('responses come in request order when many requests are sent at once', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const responses = await Promise.all([helper.send('initialize'), helper.send('nonsense'), helper.send('continue'), helper.send('initialize')]);
    assert.deepEqual(
      responses.map((response) => response.ok),
      [true, false, false, true],
    );
    assert.deepEqual(
      helper.responseLog.map((response) => response.id),
      responses.map((response) => response.id),
      'arrival order is request order',
    );
  });
});

test('an id that is no integer (1e400, 1.5, a string) gets BadRequest with id null, never an internal error', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    for (const id of ['1e400', '1.5', '"7"', '[1]', '18446744073709551616']) {
      const response = await helper.sendRawLine(`{"id":${id},"cmd":"threads","args":{}}`, null);
      assert.equal(response.ok, false, `id ${id}`);
      assert.equal(response.error?.code, 'BadRequest', `id ${id}: ${JSON.stringify(response.error)}`);
      assert.doesNotMatch(response.error?.message ?? '', /json\.exception|Internal/, `id ${id}`);
    }
    assert.equal((await helper.send('initialize')).ok, true);
    assert.deepEqual(helper.strayResponses, []);
  });
});

test(
  'JSON errors are sentences without nlohmann text, short even for huge lines, and bytes that are not UTF-8 are one of them',
  { timeout: testTimeoutMs },
  async () => {
    await withHelper(async (helper) => {
      const lines: Array<string | Buffer> = [
        '{"id": 1, "cmd": "initialize", oops',
        `{"id":1,"cmd":"evaluate","args":{"expression":"${'x'.repeat(5_000_000)}`,
        Buffer.concat([Buffer.from('{"id":1,"cmd":"evaluate","args":{"expression":"'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('"}}')]),
      ];
      for (const line of lines) {
        const response = await helper.sendRawLine(line, null);
        assert.equal(response.error?.code, 'BadRequest');
        const message = response.error?.message ?? '';
        assert.match(message, /^The request is not valid JSON \(/);
        assert.doesNotMatch(message, /json\.exception/);
        assert.ok(message.length < 400, `a short message (${message.length} characters)`);
      }
      const args = await helper.send('threads', [1, 2]);
      assert.equal(args.error?.code, 'BadRequest');
      assert.match(args.error?.message ?? '', /"args" of 'threads' must be a JSON object/);
      assert.equal((await helper.send('initialize')).ok, true);
    });
  },
);

test(
  'integers that do not fit a line, frame or thread number are refused with a sentence naming the argument, never narrowed',
  { timeout: testTimeoutMs },
  async () => {
    await withHelper(async (helper) => {
      await helper.request('initialize');
      const { pid } = await helper.request<{ pid: number }>('launch', { program: fixtureBinary('loop'), args: ['3'] });
      const source = fixtureSource('loop', 'main.c');
      const range = 'must be an integer from -2147483648 to 2147483647';
      // 2^32 + 11 would be line 11 once narrowed; 2^32 + pid the main thread.
      const refused: Array<[string, Record<string, unknown>, RegExp]> = [
        ['setBreakpoints', { source, lines: [2 ** 32 + 11] }, new RegExp(`'lines' ${range}, not ${2 ** 32 + 11}\\.$`)],
        ['setBreakpoints', { source, breakpoints: [{ line: 2 ** 32 + 11 }] }, new RegExp(`'line' ${range}, not ${2 ** 32 + 11}\\.$`)],
        ['stackTrace', { tid: 2 ** 32 + pid }, new RegExp(`'tid' ${range}, not ${2 ** 32 + pid}\\.$`)],
        ['stackTrace', { tid: pid, startFrame: -(2 ** 40) }, new RegExp(`'startFrame' ${range}, not -${2 ** 40}\\.$`)],
      ];
      for (const [cmd, args, message] of refused) {
        const response = await helper.send(cmd, args);
        assert.equal(response.ok, false, `${cmd} ${JSON.stringify(args)} must fail: ${JSON.stringify(response)}`);
        assert.equal(response.error?.code, 'BadRequest');
        assert.match(response.error?.message ?? '', message);
      }
      // Above 2^63: a 64-bit argument is refused too, not wrapped to a negative number.
      const wrapped = await helper.sendRawLine(`{"id":77,"cmd":"travelTo","args":{"index":18446744073709551615}}`, 77);
      assert.equal(wrapped.ok, false);
      assert.match(wrapped.error?.message ?? '', /'index' must be an integer from -9223372036854775808 to 9223372036854775807, not 18446744073709551615\./);
      const fits = await helper.send('setBreakpoints', { source, lines: [11] });
      assert.equal(fits.ok, true, JSON.stringify(fits));
    });
  },
);
