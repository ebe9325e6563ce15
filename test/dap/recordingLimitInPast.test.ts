// Through the adapter: a smaller recordLimit given while the program stands
// in the past (startRecording again, after a reverse step). The history
// keeps the instructions that lead from there back to the live end, so the
// program goes on exactly from where it really was: it stops at its next
// breakpoint with the right values, and a detach after that leaves it
// running. (Found by the DAP fuzz test, seed 3644580881: the limit used to
// drop those instructions too, the way forward replayed the wrong ones, the
// program crashed with SIGSEGV, and the detach delivered that signal.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { RewindDebugClient } from '../support/dapClient';
import { valueOf } from '../support/inspection';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { descendantsOf, eventually, isAlive, killIfAlive, processInfo, sleep } from '../support/processes';
import { recordingInfo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

test(
  'a smaller recordLimit set in the past keeps the way back to the live end; the program goes on right and survives a detach',
  { timeout: testTimeoutMs },
  async () => {
    const program = fixtureBinary('loop');
    let pid: number | undefined;
    const client = new RewindDebugClient();
    await client.startAdapter();
    try {
      const { stopped } = await client.launchToStop({ program, args: ['100000000000'] }, [
        { source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] },
      ]);
      const threadId = stopped.body.threadId ?? 0;
      const exe = fs.realpathSync(program);
      pid = descendantsOf(client.adapterPid).find((info) => info.exe === exe)?.pid;
      assert.ok(pid, 'the program runs');
      assert.ok((await client.sendForResponse('startRecording', {})).success);
      const second = await client.continueToStop(threadId);
      assert.equal(second.body.reason, 'breakpoint');
      assert.equal(await valueOf(client, (await client.topFrame(threadId)).id, 'i'), '1');
      const back = await travel(client, 'reverseStepIn', { threadId });
      assert.match(back.stopped.body.description ?? '', /^history \d+\/\d+$/);
      const before = await recordingInfo(client);
      assert.ok(before.position !== undefined && before.size !== undefined && before.position < before.size, JSON.stringify(before));

      // A limit of one instruction, given in the past.
      assert.ok((await client.sendForResponse('startRecording', { recordLimit: 1 })).success);
      const limited = await recordingInfo(client);
      assert.equal(limited.limit, 1);
      assert.equal((limited.size ?? 0) - (limited.position ?? 0), before.size - before.position, `the way to the live end is kept: ${JSON.stringify(limited)}`);
      assert.equal(limited.position, 0, `what lies before the position is dropped: ${JSON.stringify(limited)}`);

      // Forward: through the kept history to the breakpoint where the live
      // end is, then live to the next pass, exactly as the program would have
      // gone.
      const again = await client.continueToStop(threadId);
      assert.equal(again.body.reason, 'breakpoint', JSON.stringify(again.body));
      assert.equal(await valueOf(client, (await client.topFrame(threadId)).id, 'i'), '1');
      const end = await recordingInfo(client);
      assert.equal(end.position, end.size, `at the live end: ${JSON.stringify(end)}`);
      const next = await client.continueToStop(threadId);
      assert.equal(next.body.reason, 'breakpoint', JSON.stringify(next.body));
      assert.equal(await valueOf(client, (await client.topFrame(threadId)).id, 'i'), '2');
      const live = await recordingInfo(client);
      assert.deepEqual([live.position, live.size], [1, 1], `the limit holds once live: ${JSON.stringify(live)}`);

      await client.disconnectRequest({ terminateDebuggee: false });
      await client.waitForAdapterExit();
      const runningPid = pid;
      assert.ok(await eventually(() => processInfo(runningPid)?.tracerPid === 0), 'nothing traces the program after the detach');
      await sleep(500);
      const info = processInfo(runningPid);
      assert.ok(info && isAlive(runningPid), `the program still runs after the detach: ${JSON.stringify(info) ?? 'it is gone'}`);
      assert.ok(!['t', 'T'].includes(info.state), `the program is not left stopped (${info.state})`);
    } finally {
      await client.stopSession();
      if (pid !== undefined) killIfAlive([pid]);
    }
  },
);
