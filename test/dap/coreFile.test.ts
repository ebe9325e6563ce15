// Through the adapter: `launch` with `coreFile` opens a core dump post
// mortem. The test setup crashes a fixture under gdb to get the core. The
// session stops where the program died (SIGSEGV, exceptionInfo), lists both
// threads, walks their stacks, shows locals, arguments and globals, reads
// memory (what the dump holds, and code it left out, from the files), and
// refuses to run with a clear message. A missing file or a file that is no
// core is a clear launch error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, RewindDebugClient, withDebugClient, type LaunchArguments } from '../support/dapClient';
import { makeCoreDump, type CoreDump } from '../support/coreDump';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('coredump', 'main.c');
type CoreLaunch = LaunchArguments & { coreFile: string };
let dump: CoreDump;

before(() => {
  dump = makeCoreDump(fixtureBinary('coredump'));
});

after(() => dump?.remove());

async function openCore(client: RewindDebugClient): Promise<DebugProtocol.StoppedEvent> {
  const launch: CoreLaunch = { program: fixtureBinary('coredump'), coreFile: dump.core };
  await client.launchWithBreakpoints(launch);
  return client.waitForStopped();
}

test('a core opens stopped where the program died, with its threads and signal', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const stopped = await openCore(client);
    assert.equal(stopped.body.reason, 'exception');
    assert.match(stopped.body.description ?? '', /SIGSEGV/);
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 2, `two threads: ${JSON.stringify(threads)}`);
    assert.equal(threads[0].id, stopped.body.threadId, 'the crashing thread comes first');
    const info = await client.send('exceptionInfo', { threadId: stopped.body.threadId });
    assert.equal(info.body.exceptionId, 'SIGSEGV');
    assert.match(info.body.description, /at 0x0/);
    assert.match(client.outputText('console'), /Core dump .* of process \d+ .*SIGSEGV/);
  });
});

test('the stacks of both threads, with locals, arguments and globals', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const stopped = await openCore(client);
    const frames = await client.frames(stopped.body.threadId ?? 0);
    const shown = frames.map((frame) => `${frame.name.replace(/\(.*$/, '').trim()}:${frame.line}`);
    assert.deepEqual(shown.slice(0, 5), [
      `crash_here:${markerLine(source, 'CRASH_LINE')}`,
      `descend:${markerLine(source, 'CRASH_CALL')}`,
      `descend:${markerLine(source, 'DESCEND_CALL')}`,
      `descend:${markerLine(source, 'DESCEND_CALL')}`,
      `main:${markerLine(source, 'MAIN_CALL')}`,
    ]);
    assert.ok(sameFile(frames[0].source?.path, source));
    const locals = await client.locals(frames[0].id);
    assert.equal(named(locals, 'local_total').value, '126');
    assert.equal(named(locals, 'depth').value, '3');
    assert.match(await client.evaluateIn(frames[0].id, '*record'), /id=42, weight=1.25, label="on the stack"/);
    assert.match(await client.evaluateIn(frames[4].id, 'local_record.label'), /"on the stack"/);
    assert.match(await client.evaluateIn(frames[0].id, 'global_record'), /id=7, weight=2.5, label="global"/);
    const idleThread = (await client.threadsRequest()).body.threads.find((thread) => thread.id !== stopped.body.threadId);
    assert.ok(idleThread);
    const idleFrames = await client.frames(idleThread.id);
    assert.ok(
      idleFrames.some((frame) => /^idle\b/.test(frame.name) && frame.line === markerLine(source, 'IDLE_LOOP')),
      `the waiting thread is in idle: ${idleFrames.map((frame) => `${frame.name}:${frame.line}`).join(' < ')}`,
    );
  });
});

test('the registers of a core: general, vector (xmm0 holds the 5.0 computed before the crash) and x87', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const stopped = await openCore(client);
    const [top] = await client.frames(stopped.body.threadId ?? 0, 1);
    const scopes = (await client.scopesRequest({ frameId: top.id })).body.scopes;
    const registers = scopes.find((scope) => scope.name === 'Registers');
    assert.ok(registers, `a Registers scope among ${scopes.map((scope) => scope.name).join(', ')}`);
    const groups = byName(await client.variables(registers.variablesReference));
    const general = byName(await client.variables(named(groups, 'General').variablesReference));
    assert.equal(BigInt(named(general, 'rip').value), BigInt(top.instructionPointerReference ?? ''));
    const vector = byName(await client.variables(named(groups, 'Vector (SSE/AVX)').variablesReference));
    const lanes = byName(await client.variables(named(vector, 'xmm0').variablesReference));
    assert.match(named(lanes, 'v2_double').value, /^\{5, /);
    assert.match(named(vector, 'mxcsr').value, /^0x1f80\b/);
    const x87 = byName(await client.variables(named(groups, 'x87').variablesReference));
    assert.equal(named(x87, 'fctrl').value, '0x37f');
  });
});

test('memory of a core: data from the dump, code the dump left out from the files', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const stopped = await openCore(client);
    const [top] = await client.frames(stopped.body.threadId ?? 0, 1);
    const numbers = await client.evaluateRequest({ expression: 'numbers', frameId: top.id, context: 'watch' });
    assert.ok(numbers.body.memoryReference, 'numbers has a memory reference');
    const memory = await client.send('readMemory', { memoryReference: numbers.body.memoryReference, count: 32 });
    const bytes = Buffer.from(memory.body.data, 'base64');
    assert.equal(bytes.length, 32);
    assert.deepEqual(
      Array.from({ length: 8 }, (_, i) => bytes.readInt32LE(i * 4)),
      [1, 1, 2, 3, 5, 8, 13, 21],
    );
    // gdb's artificial array reads the dump's memory too.
    assert.equal(await client.evaluateIn(top.id, 'numbers[3]@4'), '{3, 5, 8, 13}');
    const idleThread = (await client.threadsRequest()).body.threads.find((thread) => thread.id !== stopped.body.threadId);
    const [libcFrame] = await client.frames(idleThread?.id ?? 0, 1);
    assert.ok(libcFrame.instructionPointerReference, 'the frame has an instruction pointer');
    const listing = await client.send('disassemble', { memoryReference: libcFrame.instructionPointerReference, instructionCount: 4 });
    const rows = listing.body.instructions as DebugProtocol.DisassembledInstruction[];
    assert.equal(rows.length, 4);
    assert.ok(
      rows.every((row) => !/\?\?|\(bad\)/.test(row.instruction)),
      `real instructions: ${JSON.stringify(rows)}`,
    );
  });
});

test('a core file cannot run: run requests are refused, breakpoints are unverified', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const stopped = await openCore(client);
    const threadId = stopped.body.threadId ?? 0;
    for (const command of ['continue', 'next', 'stepIn', 'pause']) {
      const response = await client.sendForResponse(command, { threadId });
      assert.equal(response.success, false, `${command} is refused`);
      assert.match(response.message ?? '', /a core file cannot run/, command);
    }
    const [breakpoint] = await client.setLineBreakpoints(source, [markerLine(source, 'CRASH_LINE')]);
    assert.equal(breakpoint.verified, false);
    assert.match(breakpoint.message ?? '', /core file cannot run/);
    const [top] = await client.frames(threadId, 1);
    const scopes = (await client.scopesRequest({ frameId: top.id })).body.scopes;
    const locals = scopes.find((scope) => /local/i.test(scope.name));
    const change = await client.sendForResponse('setVariable', { variablesReference: locals?.variablesReference, name: 'depth', value: '4' });
    assert.equal(change.success, false);
    assert.match(change.message ?? '', /core file cannot run/);
  });
});

test('a core file that does not exist, or is not a core, is a clear launch error', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const launch: CoreLaunch = { program: fixtureBinary('coredump'), coreFile: `${dump.core}.missing` };
    await assert.rejects(client.launchWithBreakpoints(launch), /core file '.*core\.missing' cannot be opened: No such file/);
  });
  await withDebugClient(async (client) => {
    const launch: CoreLaunch = { program: fixtureBinary('coredump'), coreFile: fixtureBinary('coredump') };
    await assert.rejects(client.launchWithBreakpoints(launch), /is not a core dump/);
  });
});
