// Reverse execution on a native recording (recordEngine "native"): a
// reverse-continue replays the program from a checkpoint — system calls not
// made again but their logged results written back, rdtsc from the log —
// counts the breakpoint's hits up to the present and stops at the last one
// that qualifies; the session then shows that replay. Its locals (a file's
// chunk, a pipe's echo, getrandom, clock_gettime, rdtsc, a mapped file's
// byte) and all general registers equal what the same hit showed live, and
// what the single-step recorder shows there (what is the same in every run);
// conditions and hit conditions choose the hit; with none, the start of the
// recording. Continue goes forward in the past, back to the present (the
// live program as it was), and on to the program's end. A mapped file
// changed behind the recording makes the replay diverge: the request fails
// naming it and the program goes on live. Disconnecting in the past leaves
// no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { eventually } from '../support/processes';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('nativepast', 'main.c');
const roundLine = markerLine(source, 'ROUND');
const rounds = 5;
const shownLocals = ['round', 'got', 'echoed', 'random', 'randomBytes', 'nanoseconds', 'ticks', 'mappedByte', 'total'];

function inputFiles(): { input: string; mapped: string; folder: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-nativepast-'));
  const input = path.join(folder, 'input.bin');
  const mapped = path.join(folder, 'mapped.bin');
  fs.writeFileSync(input, Buffer.from(Array.from({ length: 16 * rounds }, (_, i) => 33 + ((i * 5) % 90))));
  fs.writeFileSync(mapped, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 11 + 7) % 256)));
  return { input, mapped, folder };
}

interface HitState {
  line: number;
  locals: Record<string, string>;
  registers: Record<string, string>;
}

async function hitState(client: RewindDebugClient, threadId: number): Promise<HitState> {
  const frame = await client.topFrame(threadId);
  const locals = await client.locals(frame.id);
  const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
  const registersScope = scopes.find((scope) => scope.name === 'Registers');
  assert.ok(registersScope, 'a Registers scope');
  const groups = byName(await client.variables(registersScope.variablesReference));
  const general = await client.variables(named(groups, 'General').variablesReference);
  return {
    line: frame.line,
    locals: Object.fromEntries(shownLocals.map((name) => [name, named(locals, name).value])),
    registers: Object.fromEntries(general.map((variable) => [variable.name, variable.value])),
  };
}

// Launches with native recording, stops at each #ROUND hit up to round `upTo` and keeps what each showed.
async function runLiveTo(
  client: RewindDebugClient,
  files: { input: string; mapped: string },
  upTo: number,
  breakpoint: DebugProtocol.SourceBreakpoint = { line: roundLine },
  recordEngine: 'native' | 'step' = 'native',
): Promise<{ threadId: number; seen: HitState[] }> {
  await client.launchWithBreakpoints(
    { program: fixtureBinary('nativepast'), args: [files.input, files.mapped, String(rounds)], record: 'fromMain', recordEngine },
    [],
    async () => {
      await client.setSourceBreakpoints(source, [breakpoint]);
    },
  );
  const seen: HitState[] = [];
  let threadId = 0;
  for (;;) {
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'breakpoint');
    threadId = stopped.body.threadId ?? threadId;
    const state = await hitState(client, threadId);
    seen.push(state);
    if (Number(state.locals.round) >= upTo) break;
    await client.continueRequest({ threadId });
  }
  return { threadId, seen };
}

test('reverse-continue on a native recording stops at the last hit with every local and register as seen live', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, rounds - 1);
    assert.equal(seen.length, rounds);
    assert.match(client.outputText('console'), /Reverse-continue replays it/);

    // Back hit by hit: each round's values and registers as they were live.
    for (let round = rounds - 2; round >= 0; round--) {
      const { stopped } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.match(stopped.body.description ?? '', /native history: event \d+/);
      const past = await hitState(client, threadId);
      assert.deepEqual(past, seen[round], `round ${round} in the past equals round ${round} live`);
    }
    // No hit before round 0: the start of the recording.
    const { stopped: start } = await travel(client, 'reverseContinue', { threadId });
    assert.match(start.body.description ?? '', /start of the recording/);

    // Changing the past is refused; other reverse requests say what works.
    const frame = await client.topFrame(threadId);
    assert.notEqual(frame.line, roundLine);
    const back = await client.sendForResponse('stepBack', { threadId });
    assert.equal(back.success, false);
    assert.match(back.message ?? '', /serves reverse-continue/);

    // Forward in the past: round 0, 1, … then the present (round 4 as it stood), then on live.
    for (let round = 0; round < rounds - 1; round++) {
      const { stopped } = await travel(client, 'continue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(await hitState(client, threadId), seen[round], `round ${round} going forward`);
    }
    const { stopped: present } = await travel(client, 'continue', { threadId });
    assert.match(present.body.description ?? '', /Back at the present/);
    assert.deepEqual(await hitState(client, threadId), seen[rounds - 1], 'the live program as it was left');
    // A variable can be set again at the present.
    const { exited } = await client.continueUntilExit(threadId);
    assert.equal(exited.body.exitCode, 0);
    assert.match(client.outputText('stdout'), new RegExp(`total \\d+ after ${rounds} rounds`));
  });
});

test('native reverse-continue shows what the single-step recorder shows at the same hit', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  // What does not come from the clock or the random source is the same in every run.
  const steady = ['round', 'got', 'echoed', 'randomBytes', 'mappedByte', 'total'];
  // The native engine puts its system-call buffer into the environment
  // (LD_PRELOAD), which moves the initial stack: the stack is compared by
  // the frame's size, the code by its address.
  const frameShape = (registers: Record<string, string>) => [`rip=${registers.rip}`, `rbp-rsp=${BigInt(registers.rbp) - BigInt(registers.rsp)}`];
  const backFromRound2 = async (recordEngine: 'native' | 'step'): Promise<string[]> =>
    withDebugClient(async (client) => {
      const { threadId } = await runLiveTo(client, files, 2, { line: roundLine }, recordEngine);
      const { stopped } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      const state = await hitState(client, threadId);
      return [...steady.map((name) => `${name}=${state.locals[name]}`), ...frameShape(state.registers)];
    });
  const native = await backFromRound2('native');
  assert.ok(native.includes('round=1'), `round 1: ${native.join(' ')}`);
  assert.deepEqual(native, await backFromRound2('step'));
});

test('native reverse-continue honours conditions and hit conditions', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    // Every second hit stops live: rounds 1 and 3.
    const { threadId, seen } = await runLiveTo(client, files, 3, { line: roundLine, hitCondition: '% 2' });
    assert.deepEqual(
      seen.map((state) => state.locals.round),
      ['1', '3'],
    );
    const { stopped } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(await hitState(client, threadId), seen[0], 'the hit numbered 2 (round 1), not round 2');

    // A condition: back at the present first, then to the round it names.
    await travel(client, 'continue', { threadId });
    await client.setSourceBreakpoints(source, [{ line: roundLine, condition: 'round == 0' }]);
    const { stopped: conditional } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(conditional.body.reason, 'breakpoint');
    const state = await hitState(client, threadId);
    assert.equal(state.locals.round, '0');
    assert.equal(state.locals.echoed, '1');
  });
});

test('native reverse-continue from a step: back to the last hit; continue goes on live past the present', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 2);
    const { frame: stepped } = await client.step('next', threadId);
    assert.notEqual(stepped.line, roundLine, 'the present is no breakpoint stop');
    const { stopped } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(await hitState(client, threadId), seen[2], 'round 2, just before the step');
    // Forward: no hit before the present, which was a step: the program runs on live to round 3.
    const { stopped: live } = await travel(client, 'continue', { threadId });
    assert.equal(live.body.reason, 'breakpoint');
    const state = await hitState(client, threadId);
    assert.equal(state.locals.round, '3');
    assert.doesNotMatch(live.body.description ?? '', /native history/);
  });
});

test('native reverse-continue refuses while an instruction breakpoint is set, which it would pass over', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId, seen } = await runLiveTo(client, files, 1);
    const frame = await client.topFrame(threadId);
    await client.send('setInstructionBreakpoints', { breakpoints: [{ instructionReference: frame.instructionPointerReference }] });
    const refused = await client.sendForResponse('reverseContinue', { threadId });
    assert.equal(refused.success, false);
    assert.match(refused.message ?? '', /not yet at instruction or data breakpoints.*"recordEngine": "step"/);
    await client.send('setInstructionBreakpoints', { breakpoints: [] });
    await travel(client, 'reverseContinue', { threadId });
    assert.deepEqual(await hitState(client, threadId), seen[0]);
  });
});

test('a mapped file changed behind a native recording: reverse-continue fails naming it; the program goes on live', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  await withDebugClient(async (client) => {
    const { threadId } = await runLiveTo(client, files, 2);
    fs.writeFileSync(files.mapped, Buffer.alloc(4096, 1));
    const response = await client.sendForResponse('reverseContinue', { threadId });
    assert.equal(response.success, false);
    assert.match(response.message ?? '', /mapped\.bin.*changed since it was recorded/);
    assert.match(response.message ?? '', /stays at the present/);
    const { stops, exited } = await client.continueUntilExit(threadId);
    assert.equal(stops.length, rounds - 3);
    assert.equal(exited.body.exitCode, 0);
  });
});

test('disconnecting in the past of a native recording leaves no process of the program', { timeout: testTimeoutMs }, async () => {
  const files = inputFiles();
  const program = fixtureBinary('nativepast');
  const ours = (): number[] =>
    fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(files.folder);
        } catch {
          return false;
        }
      })
      .map(Number);
  await withDebugClient(async (client) => {
    const { threadId } = await runLiveTo(client, files, 2);
    await travel(client, 'reverseContinue', { threadId });
    assert.ok(ours().length >= 2, `the live program, its replay and checkpoints run: ${ours().join(', ')} (${program})`);
    await client.disconnectRequest({ terminateDebuggee: true });
  });
  assert.ok(await eventually(() => ours().length === 0, 10_000), `no process left: ${ours().join(', ')}`);
});
