// The native recorder's in-process system-call buffer behind the debugger
// (recordEngine "native"): the debuggee gets the buffer's library through
// LD_PRELOAD and its pipe writes and reads are logged without a stop each
// (recordingInfo's bufferedSyscalls), the Debug Console says so, and the
// debugger works as live around them: `next` over the buffered write and
// read, an instruction breakpoint on the buffer's own syscall instruction
// and an instruction step over it. The program sees what it would see
// unrecorded, and the recording goes on to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { local, recordingInfo } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('nativeio', 'main.c');
const line = (marker: string): number => markerLine(source, marker);
const trips = 3000;
// The buffer's syscall instruction that the recorder's filter lets through
// (native/src/replay/SyscallBufferLayout.h: code page + 0x80).
const allowedSyscall = 0x6e7700000080n;

function expectedEcho(count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += i % 97;
  return total;
}

test(
  'the system-call buffer logs pipe calls without stops while next, instruction breakpoints and steps work on them',
  { timeout: testTimeoutMs },
  async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-nativebuf-')), 'input.bin');
    fs.writeFileSync(file, Buffer.from([1, 2, 3]));
    await withDebugClient(async (client) => {
      await client.launchWithBreakpoints({ program: fixtureBinary('nativeio'), args: [file, String(trips)], record: 'fromMain', recordEngine: 'native' }, [
        { source, lines: [line('BP2')] },
      ]);
      const first = await client.waitForStopped();
      const threadId = first.body.threadId ?? 0;
      let frame = await client.topFrame(threadId);
      assert.equal(frame.line, line('BP2'));
      assert.match(client.outputText('console'), /Recording at native speed/);
      assert.match(client.outputText('console'), /logged through an in-process buffer/);
      assert.equal(await local(client, frame.id, 'back'), '0');

      // `next` through the next trip: over the buffered write and read.
      await client.setLineBreakpoints(source, []);
      for (let steps = 0; steps < 8; steps++) {
        ({ frame } = await client.step('next', threadId));
        if (frame.line === line('BP2')) break;
      }
      assert.equal(frame.line, line('BP2'), 'next comes round the loop to #BP2 again');
      assert.equal(await local(client, frame.id, 'i'), '1');
      assert.equal(await local(client, frame.id, 'back'), '1', 'the read got the byte the write sent');
      const early = (await recordingInfo(client)).native;
      assert.equal(early?.active, true, `still recording: ${early?.stopReason}`);
      assert.ok((early?.bufferedSyscalls ?? 0) >= 4, `the two trips' writes and reads went through the buffer: ${JSON.stringify(early)}`);

      // An instruction breakpoint on the buffer's allowed syscall instruction, and a step over it.
      const placed = (await client.send('setInstructionBreakpoints', {
        breakpoints: [{ instructionReference: `0x${allowedSyscall.toString(16)}` }],
      })) as DebugProtocol.SetInstructionBreakpointsResponse;
      assert.equal(placed.body.breakpoints[0]?.verified, true, JSON.stringify(placed.body));
      const hit = await client.continueToStop(threadId);
      assert.equal(hit.body.reason, 'instruction breakpoint');
      const atSyscall = await client.topFrame(threadId);
      assert.equal(BigInt(atSyscall.instructionPointerReference ?? '0'), allowedSyscall);
      await client.send('stepIn', { threadId, granularity: 'instruction' });
      await client.waitForStopped();
      const afterSyscall = await client.topFrame(threadId);
      assert.equal(BigInt(afterSyscall.instructionPointerReference ?? '0'), allowedSyscall + 2n, 'one instruction: the syscall ran');
      await client.send('setInstructionBreakpoints', { breakpoints: [] });

      await client.setLineBreakpoints(source, [line('BP1')]);
      const atReport = await client.continueToStop(threadId);
      const report = await client.topFrame(atReport.body.threadId ?? threadId);
      assert.equal(report.line, line('BP1'));
      assert.equal(await local(client, report.id, 'echoed'), String(expectedEcho(trips)));
      const info = (await recordingInfo(client)).native;
      assert.equal(info?.active, true, `still recording: ${info?.stopReason}`);
      assert.ok((info?.bufferedSyscalls ?? 0) >= 2 * trips, `every pipe write and read went through the buffer: ${JSON.stringify(info)}`);
      assert.ok((info?.syscalls ?? 0) >= 2 * trips, `and each is logged as a system call: ${JSON.stringify(info)}`);

      const { exited } = await client.continueUntilExit(threadId);
      assert.equal(exited.body.exitCode, 0);
      assert.match(client.outputText('stdout'), new RegExp(`pipe echoed ${expectedEcho(trips)} in ${trips} trips`));
    });
  },
);
