// Arguments of the wrong type, missing or absurd, in a live session: every
// such request is answered with a short sentence that names the argument
// (with its path inside arrays), never an internal error, a stack trace,
// "undefined", "[object Object]" or an echo of a huge input; and the session
// goes on (the program is still stopped where it was and can be inspected).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');
const huge = 'x'.repeat(10 * 1024 * 1024);

interface BadRequest {
  command: string;
  args: unknown;
  /** What the message must name. */
  names: RegExp;
}

const badRequests: BadRequest[] = [
  { command: 'setBreakpoints', args: { source: { path: loopSource }, breakpoints: true }, names: /'breakpoints'/ },
  { command: 'setBreakpoints', args: { source: { path: loopSource }, breakpoints: [{ line: '12' }] }, names: /'breakpoints\[0\]\.line'/ },
  { command: 'setBreakpoints', args: { source: 'main.c' }, names: /'source'/ },
  { command: 'setExceptionBreakpoints', args: { filters: 0 }, names: /'filters'/ },
  { command: 'setFunctionBreakpoints', args: { breakpoints: [null] }, names: /'breakpoints\[0\]'/ },
  { command: 'setFunctionBreakpoints', args: { breakpoints: [{ name: {} }] }, names: /'breakpoints\[0\]\.name'/ },
  { command: 'setDataBreakpoints', args: { breakpoints: [{ dataId: 'x', accessType: 'sometimes' }] }, names: /'breakpoints\[0\]\.accessType'/ },
  { command: 'setInstructionBreakpoints', args: { breakpoints: [{ instructionReference: 'nowhere' }] }, names: /'breakpoints\[0\]\.instructionReference'/ },
  { command: 'stackTrace', args: { threadId: 1e400 }, names: /'threadId'/ },
  { command: 'stackTrace', args: { threadId: 1.5 }, names: /'threadId'/ },
  { command: 'variables', args: { variablesReference: '3' }, names: /'variablesReference'/ },
  { command: 'evaluate', args: { expression: ['1'] }, names: /'expression'/ },
  { command: 'evaluate', args: { expression: '1', format: 'hex' }, names: /'format'/ },
  { command: 'readMemory', args: { memoryReference: huge, count: 4 }, names: /'memoryReference'/ },
  { command: 'disassemble', args: { memoryReference: 12, instructionCount: 4 }, names: /'memoryReference'/ },
  { command: 'next', args: {}, names: /'threadId'/ },
  { command: 'continue', args: { threadId: 'all' }, names: /'threadId'/ },
  { command: 'travelTo', args: { index: null }, names: /'index'/ },
  { command: 'disconnect', args: { terminateDebuggee: 'no' }, names: /'terminateDebuggee'/ },
  { command: huge, args: {}, names: /does not support/ },
];

function assertSentence(message: string | undefined, names: RegExp, what: string): void {
  assert.ok(message, `${what}: a message`);
  assert.match(message, names, `${what}: the message names the argument: ${message}`);
  assert.ok(message.length < 300, `${what}: a short message, not an echo (${message.length} characters): ${message.slice(0, 300)}`);
  assert.doesNotMatch(message, /TypeError|Internal error|undefined|\[object Object\]|\bat .*\.js:\d+/, `${what}: ${message}`);
}

test('wrong-typed arguments get a sentence naming the argument, and the session goes on', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const initialize = await client.sendForResponse('initialize', { adapterID: 'rewind', pathFormat: {} });
    assert.equal(initialize.success, false);
    assertSentence(initialize.message, /'pathFormat'/, 'initialize');
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['1000'] }, [
      { source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] },
    ]);
    const stopped = await client.waitForStopped();
    const threadId = stopped.body.threadId ?? 0;
    for (const bad of badRequests) {
      const what = `${bad.command.slice(0, 40)} ${JSON.stringify(bad.args).slice(0, 80)}`;
      const response = await client.sendForResponse(bad.command, bad.args);
      assert.equal(response.success, false, `${what} fails`);
      assertSentence(response.message, bad.names, what);
    }
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, markerLine(loopSource, 'LOOP_BODY'), 'still stopped where it was');
    assert.equal(await client.evaluateIn(frame.id, 'i'), '0');
    assert.doesNotMatch(client.stderrTail(), /TypeError/, 'nothing internal was logged');
  });
});

test('launch refuses a NUL byte in the program path or arguments, and environment names that are empty or hold "="', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.initializeRequest();
    const program = fixtureBinary('loop');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ program: `${program}\u0000-and-more` }, /'program' contains a NUL byte/],
      [{ program, args: ['1', 'a\u0000b'] }, /'args\[1\]' contains a NUL byte/],
      [{ program, env: { 'A=B': 'x' } }, /"A=B".*must not be empty or contain '='/],
      [{ program, env: { '': 'x' } }, /"".*must not be empty/],
      [{ program, env: ['=x'] }, /"NAME=value"/],
      [{ program, env: { HOME: 'a\u0000b' } }, /'HOME' contains a NUL byte/],
    ];
    for (const [args, expected] of cases) {
      const response = await client.sendForResponse('launch', { console: 'internalConsole', ...args });
      assert.equal(response.success, false, `launch ${JSON.stringify(args)} is refused`);
      assert.match(response.message ?? '', expected);
    }
    assert.deepEqual(
      client.events.history.filter((event) => event.event === 'process'),
      [],
      'no program was started',
    );
  });
});

test("the helper's Unsupported error reaches the user as its own sentence, not as an internal error", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['1000'] }, [
      { source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] },
    ]);
    await client.waitForStopped();
    const response = await client.sendForResponse('hardwareTrace', { enable: true });
    if (response.success) {
      // A machine with Intel PT or BTS: tracing really started.
      assert.equal(typeof (response.body as { active?: unknown }).active, 'string', JSON.stringify(response.body));
      return;
    }
    const error = (response.body as { error?: { id: number; showUser?: boolean } }).error;
    assert.equal(error?.id, 2014, `the Unsupported code, not an unknown one: ${JSON.stringify(response.body)}`);
    assert.equal(error?.showUser, true);
    assert.match(
      response.message ?? '',
      /^Hardware branch tracing is not available: .+\. The recorded history .* shows branches instead\.$/,
      "the helper's own sentence",
    );
    assert.doesNotMatch(client.stderrTail(), /hardwareTrace' failed/, 'not logged as an adapter bug');
  });
});

test(
  "a mistake in the user's own expression reaches the user as BadExpression, with the helper's sentence, not as a malformed request",
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['3'] }, [
        { source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] },
      ]);
      const stopped = await client.waitForStopped();
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      const errorOf = (response: { body?: unknown }) => (response.body as { error?: { id: number; showUser?: boolean } }).error;

      const evaluated = await client.sendForResponse('evaluate', { expression: 'no_such_name + 1', frameId: frame.id, context: 'repl' });
      assert.equal(evaluated.success, false);
      assert.match(evaluated.message ?? '', /no symbol 'no_such_name' in this frame/);
      assert.equal(errorOf(evaluated)?.id, 2015, `the BadExpression code, not BadRequest (2001): ${JSON.stringify(evaluated.body)}`);

      const total = (await client.locals(frame.id)).get('total');
      assert.ok(total !== undefined, 'the loop has a local total');
      const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
      const locals = scopes.find((scope) => /local/i.test(scope.name));
      const written = await client.sendForResponse('setVariable', { variablesReference: locals?.variablesReference, name: 'total', value: 'total +' });
      assert.equal(written.success, false);
      assert.match(written.message ?? '', /total \+/);
      assert.equal(errorOf(written)?.id, 2015, JSON.stringify(written.body));
      assert.equal(errorOf(written)?.showUser, true, 'a value the user typed that cannot be set is shown to them');
      assert.doesNotMatch(client.stderrTail(), /failed:/, 'not logged as an adapter bug');
      assert.equal(await client.evaluateIn(frame.id, 'total'), '0', 'nothing was written');
    });
  },
);
