// Through the adapter: `evaluate` calls the program's functions in a live,
// stopped program, as gdb's `print f(1, 2)` does — integer, character,
// bool, enum, pointer, float and double arguments and results, string
// literals, arguments past the registers on the stack, struct results of
// up to 16 bytes, nested
// calls, a void function, a call that writes a global the program then
// sees; only the calling thread runs; a call that ends the program says
// so and the exit is reported. A call that does not return (a crash, a breakpoint inside, the 5 s
// time limit) is abandoned with the reason and the thread's registers are
// put back exactly. Calls are refused, each with its reason: for hovers, in
// breakpoint conditions, while recording, in the recorded past, in a core
// file, and where the ABI would need memory (struct arguments, a struct
// result over 16 bytes) or the function has no prototype. After a call, a
// client that takes `invalidated` events is told to read the variables again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { makeCoreDump } from '../support/coreDump';
import { errorOf, evaluateIn, expectValues, scopesOf, stopAtMarker, valueOf } from '../support/inspection';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('calls', 'main.c');

/** Every register of the frame's Registers scope (general and vector groups), as text. */
async function registerTexts(client: RewindDebugClient, frameId: number): Promise<string[]> {
  const registers = (await scopesOf(client, frameId)).get('Registers');
  assert.ok(registers, 'a Registers scope');
  const out: string[] = [];
  for (const group of await client.variables(registers.variablesReference)) {
    for (const register of await client.variables(group.variablesReference)) out.push(`${group.name}/${register.name}=${register.value}`);
  }
  assert.ok(
    out.some((line) => line.includes('/rip=')),
    `rip among the registers: ${out.slice(0, 5).join(', ')}`,
  );
  return out;
}

async function runToExit(client: RewindDebugClient, threadId: number): Promise<DebugProtocol.ExitedEvent> {
  const { exited } = await client.continueUntilExit(threadId);
  return exited;
}

test('integer, character, bool, enum, pointer, float and double arguments and results', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    await expectValues(client, frameId, [
      ['add(2, 3)', '5'],
      ['add(local, -10)', '-3'],
      ['add(add(1, 2), 3) * 2', '12'],
      ["widen('a', 2, 3, 4, 1, -5)", '1101'],
      ['average(1.5, 2.25)', '1.875'],
      ['average(local, 2)', '4.5'],
      ['halve(3)', '1.5'],
      ['blend(1, 0.25, 2, 0.5)', '3.75'],
      ['length_of(greeting)', '12'],
      ['length_of(greeting + 7)', '5'],
      ['read_through(&local)', '7'],
      ['is_even(4)', 'true'],
      ['is_even(local)', 'false'],
      ['next_color(GREEN)', 'BLUE'],
    ]);
    const typed = await evaluateIn(client, frameId, 'average(1, 2)');
    assert.ok(typed.ok && typed.type === 'double', `a double result: ${JSON.stringify(typed)}`);
  });
});

test('string literal arguments: the bytes are written into the stack below the red zone and a char* passed', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const before = await registerTexts(client, frameId);
    await expectValues(client, frameId, [
      ['length_of("abc")', '3'],
      ['length_of("")', '0'],
      ['length_of("tab\\there")', '8'],
      ['count_char("banana", \'a\')', '3'],
      ['count_char("mississippi", \'s\') + count_char("pp", \'p\')', '6'],
      ['greet("abcdefgh")', '15'],
    ]);
    assert.match(await valueOf(client, frameId, 'last_greeting'), /^"hello, abcdefgh"$/, 'the callee read the whole string');
    assert.match(await errorOf(client, frameId, 'add("x", 1)'), /argument 1 \('"x"'\) is a string, and the parameter is int/);
    const frame = await client.topFrame(threadId);
    assert.deepEqual(await registerTexts(client, frame.id), before, 'every register as before the calls');
    assert.match(await valueOf(client, frame.id, 'greeting'), /"hello, calls"$/, "the program's own string is untouched");
  });
});

test('more than 6 integer or 8 floating-point arguments travel on the stack, in order, 16-byte aligned', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    await expectValues(client, frameId, [
      ['seven(1, 2, 3, 4, 5, 6, 7)', '28'],
      ['nine(1, 2, 3, 4, 5, 6, 7, 8, 9)', '987654321'],
      ['nine(9, 8, 7, 6, 5, 4, 3, 2, 1)', '123456789'],
      ['ten_doubles(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)', '9217'],
      ['interleaved(1, 0.25, 2, 0.25, 3, 0.25, 4, 0.25, 5, 0.25, 6, 0.25, 0.25, 0.25, 2, 7, 3, 8)', '16131'],
      ['aligned_at_call(1, 2, 3, 4, 5, 6, 7)', 'true'],
      ['nine(1, 2, 3, 4, 5, 6, 7, 8, length_of("123456789"))', '987654321'],
    ]);
  });
});

test('struct results of up to 16 bytes come back in rax:rdx and xmm0:xmm1, as the program itself gets them', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    // The program's own calls, with the same arguments, give the same values.
    for (const [call, own] of [
      ['make_pair(1, 2)', 'two'],
      ['make_wide(3, 4)', 'wide'],
      ['make_point(0.5, 1.5)', 'point'],
      ["make_measure(1.5, 2.5, 3, 'm')", 'measure'],
    ]) {
      assert.equal(await valueOf(client, frameId, call), await valueOf(client, frameId, own), `${call} as the program's ${own}`);
    }
    await expectValues(client, frameId, [
      ['make_pair(-1, 9).second', '9'],
      ['make_wide(-7, 1234567890123).high', '1234567890123'],
      ['make_point(0.25, -2).y', '-2'],
      ["make_measure(4, 0.5, -6, 'q').height", '0.5'],
      ["make_measure(4, 0.5, -6, 'q').count", '-6'],
      ["make_measure(4, 0.5, -6, 'q').tag", "113 'q'"],
    ]);
  });
});

test('a call that writes a global: the program sees the write; a void function', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    assert.equal(await valueOf(client, frameId, 'set_counter(42)'), '42');
    assert.equal(await valueOf(client, frameId, 'counter'), '42');
    const bumped = await evaluateIn(client, frameId, 'bump(8)');
    assert.ok(bumped.ok, `bump(8) evaluates: ${bumped.ok ? '' : bumped.message}`);
    assert.equal(bumped.result, 'void');
    assert.equal(await valueOf(client, frameId, 'counter'), '50');
    const exited = await runToExit(client, threadId);
    assert.equal(exited.body.exitCode, 0);
    assert.match(client.outputText('stdout'), /counter 50\r?\n/, 'the program printed the value the calls left');
  });
});

test('a crash inside the call: abandoned, registers restored, the program goes on unharmed', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const before = await registerTexts(client, frameId);
    assert.match(
      await errorOf(client, frameId, 'read_through(0)'),
      /The call 'read_through\(0\)' did not return: the function received SIGSEGV at 0x[0-9a-f]+ \(read_through\+\d+, main\.c:\d+\); the program's state was restored\./,
    );
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, markerLine(source, 'CALLS_MAIN'), 'still where it stopped');
    assert.deepEqual(await registerTexts(client, frame.id), before, 'every register as before the call');
    assert.equal(await valueOf(client, frame.id, 'add(1, 1)'), '2', 'the next call works');
    const exited = await runToExit(client, threadId);
    assert.equal(exited.body.exitCode, 0, 'the SIGSEGV of the call never reached the program');
  });
});

test('a breakpoint inside the call abandons it; the breakpoint still stops the program later', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const before = await registerTexts(client, frameId);
    const inside = markerLine(source, 'CALL_INSIDE');
    await client.setLineBreakpoints(source, [markerLine(source, 'CALLS_MAIN'), inside]);
    assert.match(
      await errorOf(client, frameId, 'with_breakpoint(3)'),
      new RegExp(
        `did not return: it reached a breakpoint at 0x[0-9a-f]+ \\(with_breakpoint\\+\\d+, main\\.c:${inside}\\) and was abandoned there; the program's state was restored`,
      ),
    );
    const frame = await client.topFrame(threadId);
    assert.deepEqual(await registerTexts(client, frame.id), before);
    const stopped = await client.continueToStop(threadId);
    assert.equal(stopped.body.reason, 'breakpoint');
    const atInside = await client.topFrame(threadId);
    assert.equal(atInside.line, inside);
    assert.equal(await valueOf(client, atInside.id, 'x'), '7', "main's own call, with its own argument");
    const exited = await runToExit(client, threadId);
    assert.equal(exited.body.exitCode, 0);
  });
});

test('a call that does not return within 5 s is interrupted and the thread restored', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const before = await registerTexts(client, frameId);
    const started = Date.now();
    assert.match(await errorOf(client, frameId, 'forever()'), /did not return: it did not return within 5 s and was interrupted at 0x[0-9a-f]+ \(forever\+\d+/);
    assert.ok(Date.now() - started >= 5000, 'it ran for the whole time limit');
    const frame = await client.topFrame(threadId);
    assert.deepEqual(await registerTexts(client, frame.id), before);
    const exited = await runToExit(client, threadId);
    assert.equal(exited.body.exitCode, 0, 'the interruption (SIGSTOP) never reached the program');
  });
});

test('a call that ends the program: the error says so and the exit is reported as usual', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const exitedEvent = client.waitFor('exited');
    assert.match(await errorOf(client, frameId, 'quit_now(3)'), /did not return: the program exited \(code 3\) during the call/);
    const exited = (await exitedEvent) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 3);
  });
});

test('only the calling thread runs: the other threads stay stopped during the call', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    // Three workers spin, counting in worker_ticks, until main releases them.
    const { threadId, frameId } = await stopAtMarker(client, 'threads', 'main.c', 'ALL_READY');
    const ticks = (): Promise<string[]> => Promise.all([0, 1, 2].map((index) => valueOf(client, frameId, `worker_ticks[${index}]`)));
    const before = await ticks();
    assert.equal(await valueOf(client, frameId, 'busy_main()'), '199999990000000', 'main ran 20,000,000 turns of its loop');
    assert.deepEqual(await ticks(), before, 'no worker counted while main ran the call');
    const exited = await runToExit(client, threadId);
    assert.equal(exited.body.exitCode, 0);
  });
});

test('refused with the reason: hovers, conditions, structs, no prototype, wrong counts', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const counterBefore = await valueOf(client, frameId, 'counter');
    const hover = await evaluateIn(client, frameId, 'add(1, 2)', { context: 'hover' });
    assert.ok(!hover.ok);
    assert.match(hover.message, /does not call the program's functions for a hover .*Debug Console or the Watch view/);
    assert.match(await errorOf(client, frameId, 'sum_pair(two)'), /argument 1 \('two'\) is struct pair, and Rewind passes only integers/);
    assert.match(await errorOf(client, frameId, 'make_triple(1)'), /its result is struct triple/);
    assert.match(await errorOf(client, frameId, 'no_prototype(1)'), /'no_prototype' is declared without a prototype/);
    assert.match(await errorOf(client, frameId, 'add(1)'), /'add' takes 2 arguments, and 1 was given/);
    assert.match(await errorOf(client, frameId, 'no_such_function(1)'), /no function named 'no_such_function'/);
    assert.equal(await valueOf(client, frameId, 'counter'), counterBefore, 'nothing ran');

    // A condition never calls: the stop says why the condition could not be judged.
    const inside = markerLine(source, 'CALL_INSIDE');
    await client.setSourceBreakpoints(source, [{ line: inside, condition: 'add(1, 2) == 3' }]);
    const stopped = await client.continueToStop(threadId);
    assert.match(stopped.body.description ?? '', /functions are called only by evaluate/);
  });
});

test('refused while recording and in the recorded past', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'calls', source, 'CALLS_MAIN');
    const live = await client.topFrame(threadId);
    assert.match(await errorOf(client, live.id, 'add(1, 2)'), /a recording is active, and a call would change the program outside the recording/);
    const back = await travel(client, 'stepBack', { threadId });
    assert.match(await errorOf(client, back.frame.id, 'add(1, 2)'), /the program is in its recorded past/);
  });
});

test('refused in a core file', { timeout: testTimeoutMs }, async () => {
  const dump = makeCoreDump(fixtureBinary('coredump'));
  try {
    await withDebugClient(async (client) => {
      await client.launchWithBreakpoints({ program: fixtureBinary('coredump'), coreFile: dump.core } as never);
      const stopped = await client.waitForStopped();
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      assert.match(await errorOf(client, frame.id, 'descend(0, 1)'), /a core file cannot run/);
    });
  } finally {
    dump.remove();
  }
});

test('a call tells a client that takes it to read the variables again (invalidated); a plain expression does not', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    client.initializeArguments = { adapterID: 'rewind', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsInvalidatedEvent: true };
    const { threadId, frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    const invalidated = (): DebugProtocol.Event[] => client.events.history.filter((event) => event.event === 'invalidated');
    assert.notEqual(await valueOf(client, frameId, 'counter'), '41');
    assert.equal(invalidated().length, 0, 'reading changes nothing');
    assert.equal(await valueOf(client, frameId, 'set_counter(41)'), '41');
    const event = (await client.waitFor('invalidated')) as DebugProtocol.InvalidatedEvent;
    assert.deepEqual(event.body.areas, ['variables']);
    assert.equal(event.body.threadId, threadId);
    // A call abandoned on a crash may have written memory too.
    assert.match(await errorOf(client, frameId, 'read_through(0)'), /SIGSEGV|signal/);
    assert.equal(await valueOf(client, frameId, 'counter'), '41', 'the crashed call changed nothing it did not write');
    assert.equal(invalidated().length, 2, 'one event per call');
  });
});

test('a client that did not ask for invalidated events gets none after a call', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'calls', 'main.c', 'CALLS_MAIN');
    assert.equal(await valueOf(client, frameId, 'set_counter(7)'), '7');
    assert.equal(await valueOf(client, frameId, 'counter'), '7');
    assert.ok(!client.events.history.some((event) => event.event === 'invalidated'), 'no invalidated event');
  });
});
