// Launching something that is not a runnable program fails with a clear code
// and a message naming the path, and the helper can still launch a real
// program afterwards (bad input loses nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { LaunchBody } from '../support/helperTypes';
import { fixtureBinary, missingProgram } from '../support/paths';
import { isAlive } from '../support/processes';
import { scratchCopy } from '../support/scratchCopy';
import { testTimeoutMs } from '../support/timeouts';

async function expectLaunchError(helper: HelperDriver, program: string, code: string): Promise<void> {
  const response = await helper.send('launch', { program, args: [] });
  assert.equal(response.ok, false, `launch of ${program} must fail`);
  assert.equal(response.error?.code, code, JSON.stringify(response.error));
  assert.ok(response.error?.message.includes(program), `message names the path: ${response.error?.message}`);
}

async function expectLaunchStillWorks(helper: HelperDriver): Promise<void> {
  const body = await helper.request<LaunchBody>('launch', { program: fixtureBinary('loop'), args: ['1'] });
  assert.ok(body.pid > 0 && isAlive(body.pid), `the later launch runs a process (${JSON.stringify(body)})`);
}

test('a program path that does not exist gives NoSuchFile', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    await expectLaunchError(helper, missingProgram, 'NoSuchFile');
    await expectLaunchStillWorks(helper);
  });
});

test('a file without the execute bit gives NotExecutable', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    await expectLaunchError(helper, fixtureBinary('not-executable'), 'NotExecutable');
    await expectLaunchStillWorks(helper);
  });
});

test('an executable text file gives NotElf', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    await expectLaunchError(helper, fixtureBinary('not-elf'), 'NotElf');
    await expectLaunchStillWorks(helper);
  });
});

test('a second launch in the same session gives WrongState', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    await expectLaunchStillWorks(helper);
    const again = await helper.send('launch', { program: fixtureBinary('loop'), args: ['1'] });
    assert.equal(again.ok, false);
    assert.equal(again.error?.code, 'WrongState');
  });
});

test('an ELF file cut to half its size gives NotElf saying it is truncated', { timeout: testTimeoutMs }, async () => {
  const copy = scratchCopy(fixtureBinary('loop'));
  try {
    const whole = fs.readFileSync(copy.program);
    fs.writeFileSync(copy.program, whole.subarray(0, Math.floor(whole.length / 2)));
    await withHelper(async (helper) => {
      await helper.request('initialize');
      await expectLaunchError(helper, copy.program, 'NotElf');
      const response = await helper.send('launch', { program: copy.program, args: [] });
      assert.match(response.error?.message ?? '', /is truncated: it has \d+ bytes/);
      assert.doesNotMatch(response.error?.message ?? '', /seccomp|another debugger/);
      await expectLaunchStillWorks(helper);
    });
  } finally {
    copy.remove();
  }
});

test('a NUL byte in the program, an argument or the environment, or an environment name with "=", gives BadRequest', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await helper.request('initialize');
    const program = fixtureBinary('loop');
    for (const args of [
      { program: `${program}\u0000tail` },
      { program, args: ['a\u0000b'] },
      { program, env: { 'A=B': 'x' } },
      { program, env: { '': 'x' } },
      { program, env: { A: 'x\u0000y' } },
    ]) {
      const response = await helper.send('launch', args);
      assert.equal(response.ok, false, `launch ${JSON.stringify(args)} is refused`);
      assert.equal(response.error?.code, 'BadRequest', JSON.stringify(response.error));
      assert.match(response.error?.message ?? '', /NUL byte|not an environment variable name/);
    }
    await expectLaunchStillWorks(helper);
  });
});
