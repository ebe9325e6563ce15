// Through the adapter: launching a path that does not exist, is not executable
// or is not an ELF program fails with a message that names the path and the
// problem, and starts no process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { fixtureBinary, missingProgram } from '../support/paths';
import { descendantsOf } from '../support/processes';
import { testTimeoutMs } from '../support/timeouts';

const cases = [
  { what: 'a path that does not exist', program: () => missingProgram, problem: /not exist|no such file|not found/i },
  { what: 'a file that is not executable', program: () => fixtureBinary('not-executable'), problem: /not executable|permission|execute/i },
  { what: 'a file that is not an ELF program', program: () => fixtureBinary('not-elf'), problem: /ELF/ },
];

for (const { what, program, problem } of cases) {
  test(`launching ${what} fails with a clear message`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const path = program();
      await client.initializeRequest();
      const response = await client.sendForResponse('launch', { program: path, console: 'internalConsole' });
      assert.equal(response.success, false, `launch of ${path} must fail`);
      const errorBody = response.body as { error?: { format?: string } } | undefined;
      const message = errorBody?.error?.format ?? response.message ?? '';
      assert.ok(message.includes(path), `message names the path: ${message}`);
      assert.match(message.replace(path, ''), problem, `message says what is wrong: ${message}`);
      const running = descendantsOf(client.adapterPid).filter((info) => info.exe === path);
      assert.deepEqual(running, [], 'nothing runs the bad program');
    });
  });
}
