// rewind-helper answers every line, even a bad one, with exactly one response
// and keeps serving: malformed JSON, a missing or unknown cmd, arguments of the
// wrong type and requests that do not fit the session's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHelper } from '../support/helperDriver';
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
    const responses = await Promise.all([
      helper.send('initialize'),
      helper.send('nonsense'),
      helper.send('continue'),
      helper.send('initialize'),
    ]);
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
