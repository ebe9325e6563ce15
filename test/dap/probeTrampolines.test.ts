// Through the adapter: kernel-judged breakpoints on a trampoline (the
// kernel's optimized nop5 uprobe; see native/src/probe/TrampolinePlan.h).
// Where the machine allows probes, a condition on a line whose first
// instructions can move gets a trampoline, says so, and stops at the same
// passes; the stop is exact (every value equals a plain breakpoint's at
// the same pass, with a rip-relative instruction moved); memory and
// disassembly show the program's bytes, not the patch's jump; `next` from
// the stop walks the original lines; and REWIND_PROBE_TRAMPOLINES=off
// places the probe as before, saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { stepOnePassThenRunOut } from '../support/loopRuns';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { dropAddressRegisters, valuesAtStop } from '../support/registerValues';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');
const bodyLine = markerLine(loopSource, 'LOOP_BODY');
const conditionsSource = fixtureSource('conditions', 'main.c');
const conditionLine = markerLine(conditionsSource, 'COND_LINE');
// Its first instruction loads a double into xmm0: a probe on it could not put that back, a trampoline moves it.
const floatLine = markerLine(conditionsSource, 'FLOAT_LINE');
const onTrampoline = /judged in the kernel \(uprobe \+ BPF\), on a nop5 the kernel turns into a call, in a trampoline/;
const unavailable = /judged by the debugger .*(BPF|uprobe)/;
const trampolinesOff = { ...process.env, REWIND_PROBE_TRAMPOLINES: 'off' };

async function placed(client: RewindDebugClient, program: string, source: string, breakpoint: DebugProtocol.SourceBreakpoint, args: string[]) {
  let answer: DebugProtocol.Breakpoint | undefined;
  await client.launchWithBreakpoints({ program: fixtureBinary(program), args }, [], async () => {
    [answer] = await client.setSourceBreakpoints(source, [breakpoint]);
  });
  assert.ok(answer, 'the breakpoint was answered');
  return answer;
}

test('a loop body gets a trampoline, stops at the same passes, and memory shows the program bytes', { timeout: testTimeoutMs }, async () => {
  const bytesAndText = async (env: NodeJS.ProcessEnv) =>
    withDebugClient(async (client) => {
      const breakpoint = await placed(client, 'loop', loopSource, { line: bodyLine, condition: 'i == 137 || i == 512' }, ['1000']);
      const message = breakpoint.message ?? '';
      const seen: string[] = [];
      const first = await client.waitForStopped();
      const reference = breakpoint.instructionReference ?? '';
      const memory = await client.send('readMemory', { memoryReference: reference, count: 16 });
      const listing = await client.send('disassemble', { memoryReference: reference, instructionCount: 3 });
      const record = async (stopped: DebugProtocol.StoppedEvent) => {
        const frame = await client.topFrame(stopped.body.threadId ?? 0);
        seen.push(`${frame.line}:${await client.evaluateIn(frame.id, 'i')}`);
      };
      await record(first);
      const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record, 10);
      assert.equal(exited.body.exitCode, 0);
      return {
        message,
        seen,
        bytes: memory.body.data as string,
        text: (listing.body.instructions as DebugProtocol.DisassembledInstruction[]).map((one) => one.instruction),
      };
    }, env);
  const trampoline = await bytesAndText(process.env);
  if (unavailable.test(trampoline.message)) return;
  assert.match(trampoline.message, onTrampoline);
  const before = await bytesAndText(trampolinesOff);
  assert.match(before.message, /\(no trampoline: REWIND_PROBE_TRAMPOLINES=off\)/);
  assert.deepEqual(trampoline.seen, [`${bodyLine}:137`, `${bodyLine}:512`]);
  assert.deepEqual(trampoline.seen, before.seen);
  assert.equal(trampoline.bytes, before.bytes, 'readMemory shows the same bytes with and without the patch');
  assert.deepEqual(trampoline.text, before.text);
  assert.notEqual(Buffer.from(trampoline.bytes, 'base64')[0], 0xe9);
});

test(
  'a trampoline stop with a moved rip-relative instruction shows every value as a plain breakpoint at the same pass',
  { timeout: testTimeoutMs },
  async () => {
    const expressions = [
      'pass',
      'delta',
      'flag',
      'global_counter',
      'values[7]',
      'rec->name',
      '$rax',
      '$rbx',
      '$rcx',
      '$rdx',
      '$rsi',
      '$rdi',
      '$r8',
      '$r9',
      '$r10',
      '$r11',
      '$rbp - $rsp',
      '$eflags',
    ];
    const valuesAt = (client: RewindDebugClient, stopped: DebugProtocol.StoppedEvent) => valuesAtStop(client, stopped, expressions);
    const target = 42;
    let message = '';
    const judged = await withDebugClient(async (client) => {
      message = (await placed(client, 'conditions', conditionsSource, { line: conditionLine, condition: `pass == ${target}` }, ['60'])).message ?? '';
      return valuesAt(client, await client.waitForStopped());
    });
    if (unavailable.test(message)) return;
    assert.match(message, onTrampoline);
    assert.match(message, /\(mov\b/, 'the line starts with a rip-relative mov of global_counter');
    const plain = await withDebugClient(async (client) => {
      await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: ['60'] }, [{ source: conditionsSource, lines: [conditionLine] }]);
      let stopped = await client.waitForStopped();
      for (let pass = 0; pass < target; pass++) stopped = await client.continueToStop(stopped.body.threadId ?? 0);
      return valuesAt(client, stopped);
    });
    assert.equal(plain.pass, String(target));
    dropAddressRegisters(
      plain,
      judged,
      expressions.filter((name) => name.startsWith('$r') && !name.includes(' ')),
    );
    assert.deepEqual(judged, plain);
  },
);

test('next from a trampoline stop walks the original lines, and a stepped pass is not judged', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const breakpoint = await placed(client, 'loop', loopSource, { line: bodyLine, condition: 'i == 3 || i == 4' }, ['10']);
    const first = await client.waitForStopped();
    const threadId = first.body.threadId ?? 0;
    const start = await client.topFrame(threadId);
    assert.equal(start.line, bodyLine);
    if (!unavailable.test(breakpoint.message ?? '')) assert.match(breakpoint.message ?? '', onTrampoline);
    const pc = BigInt(start.instructionPointerReference ?? '0');
    assert.equal(pc, BigInt(breakpoint.instructionReference ?? '-1'), 'the stop shows the breakpoint address');
    // An instruction step shows the address after the body's first instruction, not a trampoline's.
    await client.send('next', { threadId, granularity: 'instruction' });
    await client.waitForStopped();
    const after = await client.topFrame(threadId);
    assert.equal(after.line, bodyLine);
    const stepped = BigInt(after.instructionPointerReference ?? '0');
    assert.ok(stepped > pc && stepped < pc + 16n, `pc ${stepped.toString(16)} follows ${pc.toString(16)}`);
    await stepOnePassThenRunOut(client, threadId, 4);
  });
});

test('a line starting with a load into xmm0 is judged in the kernel on a trampoline, and stops at the same pass', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const breakpoint = await placed(client, 'conditions', conditionsSource, { line: floatLine, condition: 'pass == 10' }, ['30']);
    const message = breakpoint.message ?? '';
    if (unavailable.test(message)) return;
    assert.match(message, onTrampoline);
    assert.match(message, /\(movsd\b/);
    const first = await client.waitForStopped();
    const frame = await client.topFrame(first.body.threadId ?? 0);
    assert.deepEqual([frame.line, await client.evaluateIn(frame.id, 'pass')], [floatLine, '10']);
    const rest = await client.continueUntilExit(first.body.threadId ?? 0, async () => {}, 3);
    assert.deepEqual(rest.stops, []);
    assert.equal(rest.exited.body.exitCode, 0);
  });
});
