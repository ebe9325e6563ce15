// Ending the helper, politely (stdin closes) or not (SIGKILL), never leaves the
// program behind: no process runs it and no process stays traced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { launchWithBreakpoints, runToFirstStop } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { describeProcesses, eventually, isAlive, processesRunning, processesTracedBy } from '../support/processes';
import { scratchCopy } from '../support/scratchCopy';
import { testTimeoutMs } from '../support/timeouts';

const loopSource = fixtureSource('loop', 'main.c');

/** Starts the copied loop program either stopped at a breakpoint or running freely. */
async function startProgram(helper: HelperDriver, program: string, state: 'stopped' | 'running'): Promise<number> {
  if (state === 'stopped') {
    const { launch } = await runToFirstStop(helper, {
      program,
      args: ['100000000000'],
      breakpoints: [{ source: loopSource, lines: [markerLine(loopSource, 'LOOP_BODY')] }],
    });
    return launch.pid;
  }
  const { launch } = await launchWithBreakpoints(helper, { program, args: ['100000000000'] });
  await helper.request('configurationDone');
  return launch.pid;
}

async function expectNothingLeft(program: string, programPid: number, helperPid: number): Promise<void> {
  const gone = await eventually(() => !isAlive(programPid) && processesRunning(program).length === 0);
  assert.ok(gone, `the program still runs: ${describeProcesses(processesRunning(program))}`);
  assert.deepEqual(processesTracedBy(helperPid), [], 'nothing is traced by the dead helper');
}

for (const state of ['stopped', 'running'] as const) {
  test(`closing the helper's stdin kills a ${state} program`, { timeout: testTimeoutMs }, async () => {
    const copy = scratchCopy(fixtureBinary('loop'));
    try {
      await withHelper(async (helper) => {
        const pid = await startProgram(helper, copy.program, state);
        assert.ok(isAlive(pid), 'the program runs before the helper ends');
        helper.closeStdin();
        assert.ok(await helper.waitForExit(), 'the helper exits when its stdin closes');
        await expectNothingLeft(copy.program, pid, helper.pid);
      });
    } finally {
      copy.remove();
    }
  });

  test(`SIGKILL of the helper leaves no ${state} program behind`, { timeout: testTimeoutMs }, async () => {
    const copy = scratchCopy(fixtureBinary('loop'));
    try {
      await withHelper(async (helper) => {
        const pid = await startProgram(helper, copy.program, state);
        assert.ok(isAlive(pid), 'the program runs before the helper is killed');
        helper.kill('SIGKILL');
        assert.ok(await helper.waitForExit());
        await expectNothingLeft(copy.program, pid, helper.pid);
      });
    } finally {
      copy.remove();
    }
  });
}
