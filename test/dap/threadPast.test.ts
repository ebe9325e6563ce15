// The past of a thread that has exited: recorded from main while the
// `branchy` worker runs and is joined, a reverse-continue from after the join
// stops in the worker at its last breakpoint hit with the frames, locals and
// registers that hit showed live; the Threads view lists the worker only
// while the position is within its life; stepping in it works inside the
// history (back and forward, ending at its exit with a sentence, and going
// back, at its creation); a position before its creation does not know it;
// continuing forward runs on live to the program's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { local, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('branchy', 'main.cpp');
const line = (marker: string): number => markerLine(source, marker);

interface Sight {
  frames: string[];
  locals: string;
  general: Map<string, string>;
}

/** What the user sees of a thread's top frame: the stack, the locals and the general registers. */
async function look(client: RewindDebugClient, threadId: number): Promise<Sight> {
  const stack = await client.frames(threadId);
  const frames = stack.map((frame) => `${frame.name.split('(')[0]}:${frame.line}`);
  const locals = [...(await client.locals(stack[0].id)).entries()].map(([name, variable]) => `${name}=${variable.value}`).join(' ');
  const scopes = (await client.scopesRequest({ frameId: stack[0].id })).body.scopes;
  const registers = scopes.find((scope) => scope.name === 'Registers');
  assert.ok(registers, 'a Registers scope');
  const groups = byName(await client.variables(registers.variablesReference));
  const general = new Map(
    (await client.variables(named(groups, 'General').variablesReference)).map((variable: DebugProtocol.Variable) => [variable.name, variable.value]),
  );
  return { frames, locals, general };
}

async function threadIds(client: RewindDebugClient): Promise<number[]> {
  return (await client.threadsRequest()).body.threads.map((thread) => thread.id).sort((a, b) => a - b);
}

test(
  'after the join, reverse-continue stops in the exited worker as it was live; its life bounds the Threads view and its steps',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const mainThread = await recordTo(client, 'branchy', source, 'MAIN_START', { args: ['threads'] });
      // Live, while recording: the worker's last pass (i == 19).
      await client.setSourceBreakpoints(source, [{ line: line('WORKER'), condition: 'i == 19' }]);
      const lastPass = await client.continueToStop(mainThread);
      const worker = lastPass.body.threadId ?? 0;
      assert.notEqual(worker, mainThread);
      const live = await look(client, worker);
      assert.match(live.locals, /\bi=19\b/);
      assert.match(live.frames[0], new RegExp(`^worker:${line('WORKER')}$`));

      // On past the join: the worker is gone.
      await client.setLineBreakpoints(source, [line('DONE')]);
      const done = await client.continueToStop(worker);
      assert.equal(done.body.threadId, mainThread);
      assert.deepEqual(await threadIds(client), [mainThread], 'the worker has exited');

      // Back to its last hit: it exists again, as it was.
      await client.setLineBreakpoints(source, [line('WORKER')]);
      const back = await travel(client, 'reverseContinue', { threadId: mainThread });
      assert.equal(back.stopped.body.reason, 'breakpoint');
      assert.equal(back.stopped.body.threadId, worker, 'stopped in the exited worker');
      assert.match(back.stopped.body.description ?? '', /history \d+\/\d+/);
      const past = await look(client, worker);
      assert.deepEqual(past.frames, live.frames);
      assert.equal(past.locals, live.locals);
      assert.deepEqual([...past.general.entries()], [...live.general.entries()]);
      assert.deepEqual(
        await threadIds(client),
        [mainThread, worker].sort((a, b) => a - b),
      );
      const names = (await client.threadsRequest()).body.threads;
      assert.match(names.find((thread) => thread.id === worker)?.name ?? '', /\(exits later\)$/);
      assert.equal(await client.evaluateIn(back.frame.id, '*counter'), '190', 'counter holds 1 + … + 19 before the last add');

      // Stepping in it inside the history: back a line, forward to the hit again.
      const stepBack = await travel(client, 'stepBack', { threadId: worker });
      assert.equal(stepBack.stopped.body.threadId, worker);
      assert.match(stepBack.frame.name, /^worker\b/);
      assert.notEqual(stepBack.frame.line, line('WORKER'));
      const next = await client.step('next', worker);
      assert.equal(next.frame.line, line('WORKER'));
      assert.equal(await local(client, next.frame.id, 'i'), '19');
      // Out of worker and on: the steps end where the thread exits, never past it.
      await client.setLineBreakpoints(source, []);
      const out = await client.step('stepOut', worker);
      assert.equal(out.stopped.body.threadId, worker);
      assert.doesNotMatch(out.frame.name, /^worker\b/, 'returned from worker');
      let end = out;
      // (through start_thread's lines, where the C library has them)
      for (let n = 0; n < 50 && !/exits here/.test(end.stopped.body.description ?? ''); n++) {
        end = await client.step('next', worker);
        assert.equal(end.stopped.body.threadId, worker);
      }
      assert.match(end.stopped.body.description ?? '', /^Thread \d+ exits here: stepping in it cannot go further/);
      assert.deepEqual(
        await threadIds(client),
        [mainThread, worker].sort((a, b) => a - b),
        'still there at its exit',
      );
      const stuck = await client.sendForResponse('next', { threadId: worker });
      assert.ok(stuck.success, stuck.message);
      const again = await client.waitForStopped();
      assert.match(again.body.description ?? '', /exits here/);

      // Before its creation it does not exist.
      await client.setLineBreakpoints(source, [line('CALL_WEIGH')]);
      const before = await travel(client, 'reverseContinue', { threadId: worker });
      assert.equal(before.stopped.body.threadId, mainThread);
      assert.deepEqual(await threadIds(client), [mainThread], 'not created yet');
      const refused = await client.sendForResponse('stackTrace', { threadId: worker });
      assert.equal(refused.success, false);
      assert.match(refused.message ?? '', /does not exist yet at this point of the history .*it is created at history \d+/);

      // Forward to the present and on, live, to the end.
      await client.setLineBreakpoints(source, []);
      const resumed = await client.sendForResponse('continue', { threadId: mainThread });
      assert.ok(resumed.success, resumed.message);
      const ending = await client.waitForStopOrExit();
      assert.equal(ending.kind, 'exited', 'the program ran on to its end');
    });
  },
);

test(
  'going back in the exited worker ends at its creation: there it exists, one position before it does not; continuing it alone runs the program on',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const mainThread = await recordTo(client, 'branchy', source, 'DONE', { args: ['threads'] });
      await client.setSourceBreakpoints(source, [{ line: line('WORKER'), condition: 'i == 0' }]);
      const first = await travel(client, 'reverseContinue', { threadId: mainThread });
      const worker = first.stopped.body.threadId ?? 0;
      assert.notEqual(worker, mainThread);
      await client.setLineBreakpoints(source, []);
      // Out of worker into start_thread, out again into clone3, then back line
      // by line to the thread's first instruction.
      const out = await travel(client, 'reverseStepOut', { threadId: worker });
      assert.equal(out.stopped.body.threadId, worker);
      assert.doesNotMatch(out.frame.name, /^worker\b/);
      let back = out;
      for (let n = 0; n < 20 && !/Reached the start of thread/.test(back.stopped.body.description ?? ''); n++) {
        back = await travel(client, n < 1 ? 'reverseStepOut' : 'stepBack', { threadId: worker });
        assert.equal(back.stopped.body.threadId, worker);
      }
      const description = back.stopped.body.description ?? '';
      assert.match(description, new RegExp(`^Reached the start of thread ${worker} \\(history \\d+/\\d+\\)$`));
      assert.deepEqual(
        await threadIds(client),
        [mainThread, worker].sort((a, b) => a - b),
      );
      const start = Number(/history (\d+)\//.exec(description)?.[1]);
      const again = await travel(client, 'stepBack', { threadId: worker });
      assert.match(again.stopped.body.description ?? '', new RegExp(`history ${start}/`), 'no step goes before its start');
      const stepi = await travel(client, 'stepBack', { threadId: worker, granularity: 'instruction' });
      assert.equal(stepi.stopped.body.description, description, 'nor an instruction step');
      // One position earlier the worker is not created yet.
      await travel(client, 'travelTo', { index: start - 1 });
      assert.deepEqual(await threadIds(client), [mainThread]);
      // Continuing the worker alone from its past: past the end of the
      // history it no longer exists, so the program goes on and ends.
      await travel(client, 'travelTo', { index: start });
      const resumed = await client.sendForResponse('continue', { threadId: worker, singleThread: true });
      assert.ok(resumed.success, resumed.message);
      assert.equal((resumed.body as { allThreadsContinued?: boolean }).allThreadsContinued, true);
      assert.equal((await client.waitForStopOrExit()).kind, 'exited', 'the program ran on to its end');
    });
  },
);
