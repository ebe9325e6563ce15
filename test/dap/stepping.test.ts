// Through the adapter: next, stepIn and stepOut land on the right lines,
// including inside recursion where frames must be told apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mainSource = fixtureSource('multifile', 'main.c');
const mathSource = fixtureSource('multifile', 'math_ops.c');

async function stopAt(client: RewindDebugClient, source: string, marker: string): Promise<number> {
  const { stopped } = await client.launchToStop({ program: fixtureBinary('multifile') }, [{ source, lines: [markerLine(source, marker)] }]);
  return stopped.body.threadId ?? 0;
}

async function topLocal(client: RewindDebugClient, threadId: number, name: string): Promise<string> {
  const frame = await client.topFrame(threadId);
  return named(await client.locals(frame.id), name).value;
}

test('next, stepIn and stepOut land on the right lines', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, mainSource, 'MAIN_SUM');
    const into = await client.step('stepIn', threadId);
    assert.equal(into.stopped.body.reason, 'step');
    assert.match(into.frame.name, /^add\b/);
    assert.equal(into.frame.line, markerLine(mathSource, 'ADD_BODY'));
    assert.ok(sameFile(into.frame.source?.path, mathSource));
    const out = await client.step('stepOut', threadId);
    assert.match(out.frame.name, /^main\b/);
    assert.equal(out.frame.line, markerLine(mainSource, 'MAIN_SUM'));
    const over = await client.step('next', threadId);
    assert.match(over.frame.name, /^main\b/);
    assert.equal(over.frame.line, markerLine(mainSource, 'MAIN_FACT'));
    assert.equal(await topLocal(client, threadId, 'sum'), '49');
  });
});

test('next over a recursive call stays in the same frame', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, mathSource, 'FACT_RECURSE');
    assert.equal(await topLocal(client, threadId, 'n'), '4');
    await client.setLineBreakpoints(mathSource, []);
    const { frame } = await client.step('next', threadId);
    assert.equal(frame.line, markerLine(mathSource, 'FACT_RETURN'));
    assert.equal(await topLocal(client, threadId, 'n'), '4');
    assert.equal(await topLocal(client, threadId, 'below'), '6');
  });
});

test('stepOut from depth 3 of a recursion lands in depth 2 at the call line', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await stopAt(client, mathSource, 'FACT_ENTRY');
    await client.continueToStop(threadId);
    await client.continueToStop(threadId);
    assert.equal(await topLocal(client, threadId, 'n'), '2');
    const depth = (await client.frames(threadId)).length;
    await client.setLineBreakpoints(mathSource, []);
    const { frame } = await client.step('stepOut', threadId);
    assert.match(frame.name, /^factorial\b/);
    assert.equal(frame.line, markerLine(mathSource, 'FACT_RECURSE'));
    assert.equal(await topLocal(client, threadId, 'n'), '3');
    assert.equal((await client.frames(threadId)).length, depth - 1);
  });
});
