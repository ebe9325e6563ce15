// Through the adapter: attach to a program that is already running (the spin
// fixture, started by the test), stop at a breakpoint in its loop, and
// detach. After the session the program runs on as before: not traced, no
// breakpoint byte left behind (it would die of SIGTRAP), and it can be
// killed normally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { isAlive, processInfo } from '../support/processes';
import { SpawnedProgram, withSpawnedProgram } from '../support/spawnedProgram';
import { testTimeoutMs } from '../support/timeouts';

const spinSource = fixtureSource('spin', 'main.c');
const tickLine = markerLine(spinSource, 'SPIN_TICK');

/** The last "tick N" the program printed. */
function lastTick(program: SpawnedProgram): number {
  const ticks = [...program.output().matchAll(/tick (\d+)\n/g)];
  assert.ok(ticks.length > 0, `the program printed ticks: ${JSON.stringify(program.output().slice(-200))}`);
  return Number(ticks[ticks.length - 1][1]);
}

/** The `number` argument of tick() in the top frame of the stopped thread. */
async function tickNumber(client: RewindDebugClient, threadId: number): Promise<number> {
  const frame = await client.topFrame(threadId);
  assert.match(frame.name, /^tick\b/);
  assert.equal(frame.line, tickLine);
  return Number(named(await client.locals(frame.id), 'number').value);
}

/** After the session: alive, untraced, still ticking, and it dies of the signal a test sends it. */
async function assertRunsOnUntraced(program: SpawnedProgram): Promise<void> {
  const info = processInfo(program.pid);
  assert.ok(info && isAlive(program.pid), 'the program is still alive after the session');
  assert.equal(info.tracerPid, 0, 'nothing traces the program any more');
  const seen = lastTick(program);
  await program.waitForOutput(new RegExp(`tick ${seen + 20}\\n`));
  assert.ok(isAlive(program.pid), 'the program keeps running past the old breakpoint');
  program.kill('SIGTERM');
  const exit = await program.exited;
  assert.equal(exit.signal, 'SIGTERM', `the program ends by the test's SIGTERM: ${JSON.stringify(exit)}`);
}

test('attach stops at a breakpoint in the running loop; disconnect detaches and the program runs on', { timeout: testTimeoutMs }, async () => {
  await withSpawnedProgram(fixtureBinary('spin'), [], async (program) => {
    await program.waitForOutput(/tick 3\n/);
    await withDebugClient(async (client) => {
      const [[breakpoint]] = await client.attachWithBreakpoints({ processId: program.pid, program: fixtureBinary('spin') }, [
        { source: spinSource, lines: [tickLine] },
      ]);
      assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
      const stopped = await client.waitForStopped();
      assert.equal(stopped.body.reason, 'breakpoint');
      const threadId = stopped.body.threadId ?? 0;
      const first = await tickNumber(client, threadId);
      assert.ok(first > 3, `the program had been running before the attach (tick ${first})`);
      const tracer = processInfo(program.pid)?.tracerPid ?? 0;
      assert.ok(tracer > 0 && tracer !== process.pid, `the helper traces the program (TracerPid ${tracer})`);
      const again = await client.continueToStop(threadId);
      assert.equal(again.body.reason, 'breakpoint');
      assert.equal(await tickNumber(client, threadId), first + 1, 'continue runs one turn of the loop');
      await client.disconnectRequest({});
      await client.waitForAdapterExit();
    });
    await assertRunsOnUntraced(program);
  });
});

test('attach by a process id string with stopOnEntry stops where the program was; disconnect while running detaches', { timeout: testTimeoutMs }, async () => {
  await withSpawnedProgram(fixtureBinary('spin'), [], async (program) => {
    await program.waitForOutput(/tick 3\n/);
    await withDebugClient(async (client) => {
      await client.attachWithBreakpoints({ processId: String(program.pid), stopOnEntry: true });
      const entry = await client.waitForStopped();
      assert.equal(entry.body.reason, 'pause');
      const threadId = entry.body.threadId ?? 0;
      assert.equal(threadId, program.pid, 'the stop is in the process attached to');
      const frames = await client.frames(threadId);
      assert.ok(
        frames.some((frame) => /^main\b/.test(frame.name)),
        `main is on the stack: ${frames.map((f) => f.name).join(' < ')}`,
      );
      const [breakpoint] = await client.setLineBreakpoints(spinSource, [tickLine]);
      assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
      const stopped = await client.continueToStop(threadId);
      assert.equal(stopped.body.reason, 'breakpoint');
      await tickNumber(client, threadId);
      await client.setLineBreakpoints(spinSource, []);
      await client.continueRequest({ threadId });
      const before = lastTick(program);
      await program.waitForOutput(new RegExp(`tick ${before + 5}\\n`));
      await client.disconnectRequest({});
      await client.waitForAdapterExit();
    });
    await assertRunsOnUntraced(program);
  });
});

test('disconnect with terminateDebuggee ends an attached program', { timeout: testTimeoutMs }, async () => {
  await withSpawnedProgram(fixtureBinary('spin'), [], async (program) => {
    await program.waitForOutput(/tick 1\n/);
    await withDebugClient(async (client) => {
      await client.attachWithBreakpoints({ processId: program.pid });
      assert.equal(client.capabilities.supportTerminateDebuggee, true);
      await client.disconnectRequest({ terminateDebuggee: true });
      const exit = await program.exited;
      assert.ok(exit.signal !== null, `the attached program was killed: ${JSON.stringify(exit)}`);
    });
  });
});
