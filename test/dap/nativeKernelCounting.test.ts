// How reverse-continue on a native recording counts breakpoint hits in its
// replays: in the kernel (uprobes with BPF, the probe engine that serves
// breakpoints) where the machine allows it, else with int3 breakpoints —
// and REWIND_REPLAY_COUNTING=int3 asks for those. The position text says
// which counted. Kernel counting counts every pass without stopping and
// then judges only the last hits, walking back in growing batches: a
// condition that holds 36 passes back needs more than one
// batch; with two breakpoints the later one in the loop is found first.
// (Going backward from a position in the past counts up to that position.)
// Both ways of counting reach the same hits with the same values. Going
// forward in the past counts with int3 breakpoints, and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('nativepast', 'main.c');
const roundLine = markerLine(source, 'ROUND');
const mappedLine = roundLine - 1; // `const int mappedByte = …`, the line before, in the same pass
const endLine = markerLine(source, 'END');
const rounds = 40;
const countedBy = /hits counted (in the kernel|with int3 breakpoints \(.+\))$/;
const int3Env = { ...process.env, REWIND_REPLAY_COUNTING: 'int3' };

function inputFiles(): { input: string; mapped: string; folder: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-nativecount-'));
  const input = path.join(folder, 'input.bin');
  const mapped = path.join(folder, 'mapped.bin');
  fs.writeFileSync(input, Buffer.from(Array.from({ length: 16 * rounds }, (_, i) => 33 + ((i * 7) % 90))));
  fs.writeFileSync(mapped, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 13 + 5) % 256)));
  return { input, mapped, folder };
}

// Launches recording natively and stops live at #END, after every round.
async function stopAtEnd(client: RewindDebugClient, files: { input: string; mapped: string }): Promise<number> {
  await client.launchWithBreakpoints(
    { program: fixtureBinary('nativepast'), args: [files.input, files.mapped, String(rounds)], record: 'fromMain', recordEngine: 'native' },
    [],
    async () => {
      await client.setSourceBreakpoints(source, [{ line: endLine }]);
    },
  );
  const stopped = await client.waitForStopped();
  assert.equal(stopped.body.reason, 'breakpoint');
  return stopped.body.threadId ?? 0;
}

async function local(client: RewindDebugClient, threadId: number, name: string): Promise<string> {
  const frame = await client.topFrame(threadId);
  const found = (await client.locals(frame.id)).get(name);
  assert.ok(found, `local ${name}`);
  return found.value;
}

// From #END: two breakpoints in one pass, one step forward, then a condition 36 rounds back; what each stop shows.
async function walkBack(env: NodeJS.ProcessEnv): Promise<{ shown: string[]; descriptions: string[] }> {
  const files = inputFiles();
  try {
    return await withDebugClient(async (client) => {
      const threadId = await stopAtEnd(client, files);
      const shown: string[] = [];
      const descriptions: string[] = [];
      // Two breakpoints: the later line of the last round first.
      await client.setSourceBreakpoints(source, [{ line: mappedLine }, { line: roundLine }]);
      for (let stop = 0; stop < 3; stop++) {
        const { stopped } = await travel(client, 'reverseContinue', { threadId });
        assert.equal(stopped.body.reason, 'breakpoint');
        descriptions.push(stopped.body.description ?? '');
        shown.push(`line ${(await client.topFrame(threadId)).line} round ${await local(client, threadId, 'round')}`);
      }
      // Forward in the past (int3 counting), then a condition 36 rounds back from there.
      const { stopped: forward } = await travel(client, 'continue', { threadId });
      descriptions.push(forward.body.description ?? '');
      shown.push(`line ${(await client.topFrame(threadId)).line} round ${await local(client, threadId, 'round')}`);
      await client.setSourceBreakpoints(source, [{ line: roundLine, condition: 'round == 3' }]);
      const { stopped } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      descriptions.push(stopped.body.description ?? '');
      shown.push(
        `line ${(await client.topFrame(threadId)).line} round ${await local(client, threadId, 'round')} total ${await local(client, threadId, 'total')}`,
      );
      return { shown, descriptions };
    }, env);
  } finally {
    fs.rmSync(files.folder, { recursive: true, force: true });
  }
}

test('native reverse-continue counts hits in the kernel (or says why not) and finds the same hits as int3 counting', { timeout: testTimeoutMs }, async () => {
  const kernel = await walkBack(process.env);
  for (const description of kernel.descriptions) assert.match(description, countedBy);
  const int3 = await walkBack(int3Env);
  for (const description of [...int3.descriptions.slice(0, 3), int3.descriptions[4]]) {
    assert.match(description, /hits counted with int3 breakpoints \(REWIND_REPLAY_COUNTING=int3\)$/);
  }

  assert.deepEqual(kernel.shown.slice(0, 4), [
    `line ${roundLine} round ${rounds - 1}`,
    `line ${mappedLine} round ${rounds - 1}`,
    `line ${roundLine} round ${rounds - 2}`,
    `line ${mappedLine} round ${rounds - 1}`,
  ]);
  assert.match(kernel.descriptions[3], /hits counted with int3 breakpoints \(forward in the past\)$/);
  assert.match(kernel.shown[4], new RegExp(`^line ${roundLine} round 3 total \\d+$`));
  assert.deepEqual(kernel.shown, int3.shown);
});
