// Native recording behind the debugger (recordEngine "native"): the
// debuggee runs at native speed under the engine's seccomp filter while
// breakpoints, stepping and inspection work as in a live session; file and
// pipe I/O, getrandom, clock_gettime and rdtsc are logged (recordingInfo
// counts them, checkpoints are taken) and the program sees what it would
// see unrecorded. What native recording does not cover ends it with a
// message and the program goes on; where native recording is not allowed,
// or with "auto", the single-step recorder records and the Debug Console
// says why. Reverse requests on a native recording are refused clearly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { local, recordingInfo } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('nativeio', 'main.c');
const line = (marker: string): number => markerLine(source, marker);
const trips = 10500; // 21,000 pipe calls: past the engine's 20,000-event checkpoint interval
const stepTrips = 50; // the single-step recorder takes about 20,000 instructions a second

function inputFile(): { file: string; bytes: number; sum: number } {
  const bytes = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7 + 3) % 256));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-nativeio-')), 'input.bin');
  fs.writeFileSync(file, bytes);
  return { file, bytes: bytes.length, sum: bytes.reduce((total, byte) => total + byte, 0) };
}

// The pipe loop echoes i % 97 for i < trips.
function expectedEcho(count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += i % 97;
  return total;
}

async function stopAtReport(client: RewindDebugClient, recordEngine: 'auto' | 'native' | 'step', file: string, count = trips) {
  await client.launchWithBreakpoints({ program: fixtureBinary('nativeio'), args: [file, String(count)], record: 'fromMain', recordEngine }, [
    { source, lines: [line('BP1')] },
  ]);
  // Each recorded system call costs two ptrace stops: the loop takes seconds on a loaded machine.
  const next = await client.waitForStopOrExit(60_000);
  assert.equal(next.kind, 'stopped', `stopped at #BP1: ${JSON.stringify(next.event.body)}`);
  const stopped = next.event as DebugProtocol.StoppedEvent;
  assert.equal(stopped.body.reason, 'breakpoint');
  const threadId = stopped.body.threadId ?? 0;
  const frame = await client.topFrame(threadId);
  assert.equal(frame.line, line('BP1'));
  return { threadId, frame };
}

test('native recording: I/O, getrandom, clock_gettime and rdtsc are logged while the debugger works as live', { timeout: testTimeoutMs }, async () => {
  const input = inputFile();
  await withDebugClient(async (client) => {
    const { threadId, frame } = await stopAtReport(client, 'native', input.file);
    assert.match(client.outputText('console'), /Recording at native speed/);
    // What the program saw through its system calls, as the debugger shows it.
    assert.equal(await local(client, frame.id, 'fileBytes'), String(input.bytes));
    assert.equal(await local(client, frame.id, 'fileSum'), String(input.sum));
    assert.equal(await local(client, frame.id, 'echoed'), String(expectedEcho(trips)));
    assert.equal(await local(client, frame.id, 'randomBytes'), '4');
    assert.equal(await local(client, frame.id, 'ticksForward'), '1');

    const info = await recordingInfo(client);
    assert.equal(info.recording, false, 'no step-back history: the native engine serves reverse-continue by replay only');
    const native = info.native;
    assert.ok(native, `recordingInfo says which engine records: ${JSON.stringify(info)}`);
    assert.equal(native.engine, 'native');
    assert.equal(native.active, true, `still recording: ${native.stopReason}`);
    assert.ok((native.syscalls ?? 0) >= 2 * trips, `every pipe write and read logged: ${JSON.stringify(native)}`);
    assert.ok((native.rdtsc ?? 0) >= 2, `both rdtsc logged: ${JSON.stringify(native)}`);
    assert.ok((native.checkpointsTaken ?? 0) >= 2, `the start checkpoint and one per 20,000 events: ${JSON.stringify(native)}`);
    assert.ok((native.checkpoints ?? 0) >= 1);

    // Reverse requests name the engine and what to do.
    const back = await client.sendForResponse('stepBack', { threadId });
    assert.equal(back.success, false);
    assert.match(back.message ?? '', /native engine.*"recordEngine": "step"/);

    // Stepping goes on as live, and the recording with it.
    const eventsBefore = native.events ?? 0;
    const { frame: after } = await client.step('next', threadId);
    assert.equal(after.line, line('BP1') + 1);
    const stepped = (await recordingInfo(client)).native;
    assert.ok((stepped?.events ?? 0) > eventsBefore, `the printf's write is logged: ${JSON.stringify(stepped)}`);

    const { exited } = await client.continueUntilExit(threadId);
    assert.equal(exited.body.exitCode, 0);
    const output = client.outputText('stdout');
    assert.match(output, new RegExp(`file ${input.bytes} bytes, sum ${input.sum}`));
    assert.match(output, new RegExp(`pipe echoed ${expectedEcho(trips)} in ${trips} trips`));
    assert.match(output, /random 4 bytes, clock 1, ticks forward 1/);
  });
});

test('an instruction step over an emulated rdtsc runs exactly that instruction, logged; the disassembly shows rdtsc', { timeout: testTimeoutMs }, async () => {
  const input = inputFile();
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop(
      { program: fixtureBinary('nativeio'), args: [input.file, '10'], record: 'fromMain', recordEngine: 'native' },
      [{ source, lines: [line('RDTSC')] }],
    );
    const threadId = stopped.body.threadId ?? 0;
    const pc = async (): Promise<bigint> => BigInt((await client.topFrame(threadId)).instructionPointerReference ?? '');
    const stepInstruction = async (): Promise<void> => {
      await client.nextRequest({ threadId, granularity: 'instruction' });
      await client.waitForStopped();
    };
    // The next rdtsc after the stop (the second of the program). Where rdtsc
    // does not fault by itself the engine patched it to ud2: the debugger
    // still shows rdtsc.
    const listing = await client.send('disassemble', { memoryReference: `0x${(await pc()).toString(16)}`, instructionCount: 12 });
    const instructions = listing.body.instructions as DebugProtocol.DisassembledInstruction[];
    assert.ok(!instructions.some((row) => /^ud2\b/.test(row.instruction)), `no ud2 shown: ${JSON.stringify(instructions.map((row) => row.instruction))}`);
    const site = instructions.findIndex((row) => /^rdtsc\b/.test(row.instruction));
    assert.ok(site >= 0 && site + 1 < instructions.length, `an rdtsc follows: ${JSON.stringify(instructions.map((row) => row.instruction))}`);
    for (let steps = 0; (await pc()) !== BigInt(instructions[site].address); steps++) {
      assert.ok(steps < site, 'the rdtsc is reached by instruction steps');
      await stepInstruction();
    }
    const before = (await recordingInfo(client)).native?.rdtsc ?? 0;
    await stepInstruction();
    assert.equal(await pc(), BigInt(instructions[site + 1].address), 'one instruction past the rdtsc');
    assert.equal((await recordingInfo(client)).native?.rdtsc, before + 1, 'the rdtsc is logged');
  });
});

test('native recording sees what the single-step recorder sees at the same breakpoint', { timeout: testTimeoutMs }, async () => {
  const input = inputFile();
  const localsWith = async (engine: 'native' | 'step'): Promise<string[]> =>
    withDebugClient(async (client) => {
      const { frame } = await stopAtReport(client, engine, input.file, stepTrips);
      const names = ['fileBytes', 'fileSum', 'echoed', 'trips', 'randomBytes', 'ticksForward'];
      return Promise.all(names.map(async (name) => `${name}=${await local(client, frame.id, name)}`));
    });
  assert.deepEqual(await localsWith('native'), await localsWith('step'));
});

test('pausing a natively recorded program in a sleep keeps recording; the interrupted sleep is logged once it ends', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('spin'), record: 'fromEntry', recordEngine: 'native' });
    for (const tick of [5, 15]) {
      await client.waitForOutput('stdout', `tick ${tick}\n`);
      const threads = (await client.threadsRequest()).body.threads;
      await client.pauseRequest({ threadId: threads[0].id });
      const stopped = await client.waitForStopped();
      assert.equal(stopped.body.reason, 'pause');
      const native = (await recordingInfo(client)).native;
      // spin sleeps 10 ms between ticks: most pauses land in clock_nanosleep, which the kernel resumes with restart_syscall.
      assert.equal(native?.active, true, `still recording after pause ${tick}: ${native?.stopReason}`);
      assert.ok((native?.syscalls ?? 0) >= 2 * tick, `each tick's write and sleep logged: ${JSON.stringify(native)}`);
      await client.continueRequest({ threadId: stopped.body.threadId ?? threads[0].id });
    }
    await client.waitForOutput('stdout', 'tick 25\n');
    assert.doesNotMatch(client.outputText('console'), /Native recording ended/);
  });
});

test('a thread ends native recording with its reason; the program runs on under the debugger', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('threads'), record: 'fromEntry', recordEngine: 'native' });
    await client.waitForOutput('console', 'Native recording ended: the program creates a thread');
    const exited = await client.waitForStopOrExit();
    assert.equal(exited.kind, 'exited', `the program ends by itself: ${JSON.stringify(exited.event.body)}`);
    assert.equal(exited.event.body.exitCode, 0);
  });
});

test('a fork ends native recording; the children, which carry its filter, still run right', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('forker'), record: 'fromEntry', recordEngine: 'native' });
    const end = await client.waitForStopOrExit(60_000);
    assert.equal(end.kind, 'exited', `the program ends by itself: ${JSON.stringify(end.event.body)}`);
    // forker exits with 5 when each of its 50 children printed and exited with its number.
    assert.equal(end.event.body.exitCode, 5, `children: ${client.outputText('stdout').slice(-300)}`);
    assert.match(client.outputText('stdout'), /children right: 50/);
    assert.match(client.outputText('console'), /Native recording ended: the program creates a process/);
  });
});

test('where native recording is not allowed, the single-step recorder records and says why', { timeout: testTimeoutMs }, async () => {
  const input = inputFile();
  await withDebugClient(
    async (client) => {
      const { threadId } = await stopAtReport(client, 'native', input.file, stepTrips);
      assert.match(
        client.outputText('console'),
        /Recording with the single-step recorder: native recording is not allowed here \(REWIND_NATIVE_RECORDING=off\) \(native recording was asked for\)/,
      );
      const info = await recordingInfo(client);
      assert.equal(info.recording, true);
      assert.equal(info.native?.engine, 'step');
      const back = await client.sendForResponse('stepBack', { threadId });
      assert.ok(back.success, `the step recorder steps back: ${back.message}`);
    },
    { ...process.env, REWIND_NATIVE_RECORDING: 'off' },
  );
});

test('recordEngine "auto" records with the single-step recorder for now, and says so', { timeout: testTimeoutMs }, async () => {
  const input = inputFile();
  await withDebugClient(async (client) => {
    await stopAtReport(client, 'auto', input.file, stepTrips);
    assert.match(client.outputText('console'), /Recording with the single-step recorder: recordEngine "auto" takes it/);
    assert.equal((await recordingInfo(client)).native?.engine, 'step');
  });
});

test('an unknown recordEngine is refused with the values it may take', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.initializeRequest();
    const response = await client.sendForResponse('launch', { program: fixtureBinary('nativeio'), record: 'fromMain', recordEngine: 'fast' });
    assert.equal(response.success, false);
    assert.match(response.message ?? '', /'recordEngine' must be "auto", "native" or "step", not "fast"/);
  });
});
