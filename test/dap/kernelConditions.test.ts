// Through the adapter: breakpoint conditions that the helper compiles to a
// BPF program and the kernel judges at a uprobe (where this machine allows
// it; the breakpoint's message says which path judges it and why). Each
// condition — an argument, stack and register locals, a global, members
// through pointers, array elements, char strings, an enum, a bool, a
// negative number — holds at known passes of the conditions fixture, and
// only those stop, at the breakpoint line, with every value as a plain
// breakpoint at the same pass shows it. Conditions the kernel cannot judge
// (floating point, registers by name) say why and are judged by the
// debugger; a condition that reads a null pointer stops and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stepOnePassThenRunOut } from '../support/loopRuns';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { dropAddressRegisters, valuesAtStop } from '../support/registerValues';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('conditions', 'main.c');
const conditionLine = markerLine(source, 'COND_LINE');
// Its first instruction loads a double into xmm0, which a probe's saved
// registers cannot put back.
const floatLine = markerLine(source, 'FLOAT_LINE');
const kernelNote = /judged in the kernel \(uprobe \+ BPF\)/;
// Where this machine does not allow probes, the message names the reason.
const unavailable = /judged by the debugger .*(BPF|uprobe)/;

// The placements before trampolines (emulated approaches), which a line
// whose first instructions cannot move still gets.
const withoutTrampolines = <T>(body: (client: RewindDebugClient) => Promise<T>) => withDebugClient(body, { ...process.env, REWIND_PROBE_TRAMPOLINES: 'off' });

interface ConditionRun {
  breakpoint: DebugProtocol.Breakpoint;
  passes: number[];
  stops: DebugProtocol.StoppedEvent[];
  exitCode: number;
}

async function passAt(client: RewindDebugClient, stopped: DebugProtocol.StoppedEvent, line = conditionLine): Promise<number> {
  const frame = await client.topFrame(stopped.body.threadId ?? 0);
  assert.equal(frame.line, line, 'stopped on the breakpoint line');
  return Number(named(await client.locals(frame.id), 'pass').value);
}

async function runWith(
  client: RewindDebugClient,
  options: Omit<DebugProtocol.SourceBreakpoint, 'line'>,
  maxStops = 10,
  passes = 1000,
  line = conditionLine,
): Promise<ConditionRun> {
  let breakpoint: DebugProtocol.Breakpoint | undefined;
  await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: [String(passes)] }, [], async () => {
    [breakpoint] = await client.setSourceBreakpoints(source, [{ line, ...options }]);
  });
  assert.ok(breakpoint, 'the breakpoint was answered');
  const stops: DebugProtocol.StoppedEvent[] = [];
  const seen: number[] = [];
  const first = await client.waitForStopOrExit();
  if (first.kind === 'exited') return { breakpoint, passes: seen, stops, exitCode: first.event.body.exitCode };
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    stops.push(stopped);
    seen.push(await passAt(client, stopped, line));
  };
  await record(first.event);
  const { exited } = await client.continueUntilExit(first.event.body.threadId ?? 0, record, maxStops);
  return { breakpoint, passes: seen, stops, exitCode: exited.body.exitCode };
}

const kernelCases: Array<{ what: string; condition: string; passes: number[] }> = [
  { what: 'an argument', condition: 'pass == 137', passes: [137] },
  { what: 'a local in a register', condition: 'in_register == 600', passes: [200] },
  { what: 'a negative number in a stack local', condition: 'delta == -7', passes: [507] },
  { what: 'a global', condition: 'global_counter == 321', passes: [321] },
  { what: 'members through two pointers', condition: 'rec->next->value == 30 && pass > 990', passes: [994, 998] },
  { what: 'an array element', condition: 'values[3] == 2700', passes: [900] },
  { what: 'an enum in a global array', condition: 'table[pass % 4].color == BLUE && pass < 8', passes: [2, 6] },
  { what: 'a char array member', condition: 'rec->name == "delta" && pass < 10', passes: [3, 7] },
  { what: 'a char pointer', condition: 'label == "pass-42"', passes: [42] },
  { what: 'a bool', condition: 'flag', passes: [249, 499, 749, 999] },
  { what: 'casts and arithmetic', condition: '(unsigned char)(pass * 2 + 1) == 7 && !(pass < 500)', passes: [515, 643, 771, 899] },
];

for (const { what, condition, passes } of kernelCases) {
  test(`condition on ${what} (${condition}) stops at passes ${passes.join(', ')}`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const run = await runWith(client, { condition });
      assert.equal(run.breakpoint.verified, true, JSON.stringify(run.breakpoint));
      assert.match(run.breakpoint.message ?? '', new RegExp(`${kernelNote.source}|${unavailable.source}`), JSON.stringify(run.breakpoint));
      assert.deepEqual(run.passes, passes);
      for (const stop of run.stops) assert.equal(stop.body.reason, 'breakpoint');
      assert.equal(run.exitCode, 0);
    });
  });
}

test('the machine lets the kernel judge conditions, or the message says why not', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runWith(client, { condition: 'pass == 3' });
    const message = run.breakpoint.message ?? '';
    assert.ok(kernelNote.test(message) || unavailable.test(message), message);
    // Said once in the Debug Console as well.
    const said = client.events.history.filter(
      (event) => event.event === 'output' && /Breakpoint \d+: (Condition judged)/.test(String(event.body?.output ?? '')),
    );
    assert.equal(said.length, 1, JSON.stringify(said.map((event) => event.body)));
  });
});

test('a kernel-judged stop shows every value as a plain breakpoint at the same pass', { timeout: testTimeoutMs }, async () => {
  const expressions = [
    'pass',
    'delta',
    'in_register',
    'flag',
    'global_counter',
    'values[7]',
    'rec->name',
    'label[5]',
    '$rax',
    '$rbx',
    '$rcx',
    '$rdx',
    '$rsi',
    '$rdi',
    '$rbp - $rsp',
    '$eflags',
  ];
  const valuesAt = (client: RewindDebugClient, stopped: DebugProtocol.StoppedEvent) => valuesAtStop(client, stopped, expressions);
  const target = 42;
  let judged: Record<string, string> = {};
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: ['60'] }, [], async () => {
      await client.setSourceBreakpoints(source, [{ line: conditionLine, condition: `pass == ${target}` }]);
    });
    judged = await valuesAt(client, await client.waitForStopped());
  });
  let plain: Record<string, string> = {};
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: ['60'] }, [{ source, lines: [conditionLine] }]);
    let stopped = await client.waitForStopped();
    for (let pass = 0; pass < target; pass++) stopped = await client.continueToStop(stopped.body.threadId ?? 0);
    plain = await valuesAt(client, stopped);
  });
  assert.equal(plain.pass, String(target));
  dropAddressRegisters(plain, judged, ['$rax', '$rcx', '$rdx', '$rsi', '$rdi']);
  assert.deepEqual(judged, plain);
});

test("at a kernel-judged site, disassembly and memory show the program's instruction, not the probe's int3", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoint: DebugProtocol.Breakpoint | undefined;
    await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: ['20'] }, [], async () => {
      [breakpoint] = await client.setSourceBreakpoints(source, [{ line: conditionLine, condition: 'pass == 5' }]);
    });
    await client.waitForStopped();
    const reference = breakpoint?.instructionReference ?? '';
    assert.ok(reference, JSON.stringify(breakpoint));
    const listing = await client.send('disassemble', { memoryReference: reference, instructionCount: 1 });
    const first: DebugProtocol.DisassembledInstruction = listing.body.instructions[0];
    assert.match(first.instruction, /^mov /, JSON.stringify(first));
    const memory = await client.send('readMemory', { memoryReference: reference, count: 1 });
    assert.notEqual(Buffer.from(memory.body.data, 'base64')[0], 0xcc);
  });
});

test('conditions the kernel cannot judge say why, and the debugger judges them', { timeout: testTimeoutMs }, async () => {
  const cases = [
    { condition: 'ratio == 12.5', reason: /floating point/, passes: [50] },
    { condition: '$rbx == 150', reason: /registers by name/, passes: [50] },
    // A register local read afresh at each pass (not the first pass's frame kept for the stop).
    { condition: 'in_register == 150 && ratio > 1.0', reason: /floating point/, passes: [50] },
  ];
  for (const { condition, reason, passes } of cases) {
    await withDebugClient(async (client) => {
      const run = await runWith(client, { condition }, 5, 100);
      assert.match(run.breakpoint.message ?? '', /judged by the debugger/, JSON.stringify(run.breakpoint));
      const message = run.breakpoint.message ?? '';
      assert.ok(reason.test(message) || unavailable.test(message), message);
      assert.deepEqual(run.passes, passes);
    });
  }
});

test('on an instruction whose effects a probe cannot put back (a load into xmm0), the debugger judges and says why', { timeout: testTimeoutMs }, async () => {
  await withoutTrampolines(async (client) => {
    const run = await runWith(client, { condition: 'pass == 10' }, 5, 30, floatLine);
    const message = run.breakpoint.message ?? '';
    assert.ok(/judged by the debugger.*movsd.*vector, floating-point or segment register/.test(message) || unavailable.test(message), message);
    assert.deepEqual(run.passes, [10]);
    assert.equal(run.exitCode, 0);
  });
});

test(
  'a loop body whose first instruction is stepped out of line is probed on the emulated jump before it, and stops at the same passes',
  { timeout: testTimeoutMs },
  async () => {
    await withoutTrampolines(async (client) => {
      const run = await runWith(client, { condition: 'pass == 137 || pass == 512' });
      const message = run.breakpoint.message ?? '';
      assert.ok(/judged in the kernel \(uprobe \+ BPF\), on the j\w+ before it, which the kernel emulates/.test(message) || unavailable.test(message), message);
      assert.deepEqual(run.passes, [137, 512]);
      assert.equal(run.exitCode, 0);
    });
  },
);

test('a step through the emulated jump onto a kernel-judged line ends there, and no stop waits behind it', { timeout: testTimeoutMs }, async () => {
  const loopSource = fixtureSource('loop', 'main.c');
  const bodyLine = markerLine(loopSource, 'LOOP_BODY');
  await withoutTrampolines(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: ['10'] }, [], async () => {
      await client.setSourceBreakpoints(loopSource, [{ line: bodyLine, condition: 'i == 3 || i == 4' }]);
    });
    const first = await client.waitForStopped();
    const threadId = first.body.threadId ?? 0;
    assert.equal(await client.evaluateIn((await client.topFrame(threadId)).id, 'i'), '3');
    // Over the body, then over the loop's increment and test (the jl the
    // probe sits on): the second step ends on the body with i = 4.
    await stepOnePassThenRunOut(client, threadId, 4);
  });
});

test('an -O2 loop body reached from a nop and a jump is probed on both, and its hit count is exact', { timeout: testTimeoutMs }, async () => {
  const loopSource = fixtureSource('loop', 'main.c');
  const bodyLine = markerLine(loopSource, 'LOOP_BODY');
  await withoutTrampolines(async (client) => {
    let breakpoint: DebugProtocol.Breakpoint | undefined;
    await client.launchWithBreakpoints({ program: fixtureBinary('loop-O2'), args: ['5000'] }, [], async () => {
      [breakpoint] = await client.setSourceBreakpoints(loopSource, [{ line: bodyLine, hitCondition: '% 1500' }]);
    });
    const message = breakpoint?.message ?? '';
    assert.ok(
      /kept in the kernel \(uprobe \+ BPF\), on the 2 instructions that lead to it \(nop\w*, jg\), which the kernel emulates/.test(message) ||
        unavailable.test(message),
      message,
    );
    const seen: string[] = [];
    const record = async (stopped: DebugProtocol.StoppedEvent) => {
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      assert.equal(frame.line, bodyLine);
      seen.push(await client.evaluateIn(frame.id, 'i'));
    };
    const first = await client.waitForStopOrExit();
    assert.equal(first.kind, 'stopped');
    if (first.kind !== 'stopped') return;
    await record(first.event);
    const { exited } = await client.continueUntilExit(first.event.body.threadId ?? 0, record, 10);
    // The 1500th, 3000th and 4500th passes: i is one less.
    assert.deepEqual(seen, ['1499', '2999', '4499']);
    assert.equal(exited.body.exitCode, 0);
  });
});

test("a hit count kept in the kernel goes on from the kernel's count when a recording takes the breakpoint back", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let counted: DebugProtocol.Breakpoint | undefined;
    await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: ['300'] }, [], async () => {
      [counted] = await client.setSourceBreakpoints(source, [
        { line: conditionLine, hitCondition: '== 105' },
        { line: floatLine, condition: 'pass == 99' },
      ]);
    });
    const first = await client.waitForStopped();
    const threadId = first.body.threadId ?? 0;
    assert.equal(await passAt(client, first, floatLine), 99);
    // 100 hits so far at the counted line; from now on every instruction
    // is stepped and the debugger counts.
    await client.send('startRecording', {});
    const second = await client.continueToStop(threadId);
    assert.equal(await passAt(client, second), 104, `the 105th hit (${counted?.message ?? ''})`);
  });
});

test('a condition that reads a null pointer stops and says so', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const run = await runWith(client, { condition: 'nothing->value == 1' }, 3, 2);
    assert.deepEqual(run.passes, [0, 1], 'every pass stops');
    assert.match(run.stops[0].body.description ?? '', /nothing->value == 1.*could not be evaluated/, JSON.stringify(run.stops[0].body));
  });
});

test('hit conditions are counted in the kernel: == 300, >= 998, % 400', { timeout: testTimeoutMs }, async () => {
  const cases = [
    { hitCondition: '== 300', passes: [299] },
    { hitCondition: '>= 998', passes: [997, 998, 999] },
    { hitCondition: '% 400', passes: [399, 799] },
  ];
  for (const { hitCondition, passes } of cases) {
    await withDebugClient(async (client) => {
      const run = await runWith(client, { hitCondition });
      assert.match(run.breakpoint.message ?? '', new RegExp(`Hit count kept in the kernel|${unavailable.source}`), JSON.stringify(run.breakpoint));
      assert.deepEqual(run.passes, passes);
    });
  }
  await withDebugClient(async (client) => {
    const run = await runWith(client, { condition: 'rec->value == 10', hitCondition: '% 50' });
    // rec->value is 10 at passes 1, 5, 9, …: the 50th such pass is 197.
    assert.deepEqual(run.passes, [197, 397, 597, 797, 997]);
  });
});
