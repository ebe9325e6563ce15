// Killing the adapter (SIGKILL, as when an editor crashes) mid-session leaves
// nothing behind: within seconds no process runs the launched program, the
// helper is gone and nothing stays traced; an attached program is detached
// (its breakpoint bytes out) and keeps running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, helperBinary } from '../support/paths';
import { childrenOf, describeProcesses, eventually, isAlive, processInfo, processesRunning, processesTracedBy } from '../support/processes';
import { scratchCopy } from '../support/scratchCopy';
import { withSpawnedProgram } from '../support/spawnedProgram';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

async function startProgram(client: RewindDebugClient, program: string, state: 'stopped' | 'running'): Promise<void> {
  const breakpoints = state === 'stopped' ? [{ source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] }] : [];
  await client.launchWithBreakpoints({ program, args: ['100000000000'] }, breakpoints);
  if (state === 'stopped') await client.waitForStopped();
}

for (const state of ['stopped', 'running'] as const) {
  test(`SIGKILL of the adapter leaves no ${state} program and no traced process`, { timeout: testTimeoutMs }, async () => {
    const copy = scratchCopy(fixtureBinary('loop'));
    try {
      await withDebugClient(async (client) => {
        await startProgram(client, copy.program, state);
        const programs = processesRunning(copy.program);
        assert.equal(programs.length, 1, 'the program runs');
        const helperPath = fs.realpathSync(helperBinary);
        const helpers = childrenOf(client.adapterPid).filter((info) => info.exe === helperPath);
        assert.equal(helpers.length, 1, `the adapter runs one helper: ${describeProcesses(childrenOf(client.adapterPid))}`);
        const helperPid = helpers[0].pid;
        process.kill(client.adapterPid, 'SIGKILL');
        const clean = await eventually(() => processesRunning(copy.program).length === 0 && !isAlive(helperPid));
        assert.ok(clean, `left behind: ${describeProcesses([...processesRunning(copy.program), ...helpers.filter((h) => isAlive(h.pid))])}`);
        assert.deepEqual(processesTracedBy(helperPid), []);
        assert.ok(!isAlive(programs[0].pid));
      });
    } finally {
      copy.remove();
    }
  });
}

test('SIGKILL of the adapter detaches an attached program, which keeps running untraced', { timeout: testTimeoutMs }, async () => {
  const spinSource = fixtureSource('spin', 'main.c');
  await withSpawnedProgram(fixtureBinary('spin'), [], async (program) => {
    await program.waitForOutput(/tick 3\n/);
    await withDebugClient(async (client) => {
      await client.attachWithBreakpoints({ processId: program.pid }, [{ source: spinSource, lines: [markerLine(spinSource, 'SPIN_TICK')] }]);
      const stopped = await client.waitForStopped();
      assert.equal(stopped.body.reason, 'breakpoint', 'stopped with the breakpoint byte in place');
      const helperPath = fs.realpathSync(helperBinary);
      const helpers = childrenOf(client.adapterPid).filter((info) => info.exe === helperPath);
      assert.equal(helpers.length, 1);
      process.kill(client.adapterPid, 'SIGKILL');
      assert.ok(await eventually(() => !isAlive(helpers[0].pid)), 'the helper ends with the adapter');
      assert.ok(await eventually(() => processInfo(program.pid)?.tracerPid === 0), 'nothing traces the program any more');
      const ticks = [...program.output().matchAll(/tick (\d+)\n/g)];
      const seen = Number(ticks[ticks.length - 1]?.[1] ?? 0);
      await program.waitForOutput(new RegExp(`tick ${seen + 20}\\n`));
      assert.ok(isAlive(program.pid), 'the program runs past the old breakpoint (no 0xCC left behind)');
    });
  });
});
