// Through the adapter: a breakpoint whose line has several addresses (an
// inlined function at -O2: two inlined copies and the out-of-line one)
// counts its hits once for the breakpoint, not per address, where the
// kernel counts them: a logpoint with `% 5` over 25 calls prints 5 lines,
// as the debugger's own count does, and `== 14` stops once, at the
// fourteenth call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';

const source = fixtureSource('optimized', 'main.c');
const weightLine = markerLine(source, 'WEIGHT_BODY');
const program = fixtureBinary('optimized-O2');
// 12 cells: 12 calls from the first loop, 12 from the second, 1 through the pointer.
const cells = 12;

async function launch(client: RewindDebugClient, options: Omit<DebugProtocol.SourceBreakpoint, 'line'>): Promise<DebugProtocol.Breakpoint> {
  let breakpoint: DebugProtocol.Breakpoint | undefined;
  await client.launchWithBreakpoints({ program, args: [String(cells)] }, [], async () => {
    [breakpoint] = await client.setSourceBreakpoints(source, [{ line: weightLine, ...options }]);
  });
  assert.ok(breakpoint?.verified, JSON.stringify(breakpoint));
  return breakpoint;
}

async function logLines(env: NodeJS.ProcessEnv): Promise<string[]> {
  return withDebugClient(async (client) => {
    await launch(client, { logMessage: 'weight hit', hitCondition: '% 5' });
    await client.waitFor('exited', () => true, 60_000);
    await client.waitForOutput('stdout', 'weight_calls=25');
    return client
      .outputText('console')
      .split('\n')
      .filter((line) => line === 'weight hit');
  }, env);
}

test('a logpoint with a hit condition on a line with several addresses counts the hits of the breakpoint', { timeout: 120_000 }, async () => {
  const kernel = await logLines(process.env);
  const debug = await logLines({ ...process.env, REWIND_LOG_RING: 'off' });
  assert.equal(debug.length, 5, 'the debugger counts 25 hits: 5 multiples of 5');
  assert.equal(kernel.length, 5, 'the kernel counts them per breakpoint too');
});

test('a breakpoint with `== 14` on a line with several addresses stops once, at the fourteenth call', { timeout: 120_000 }, async () => {
  await withDebugClient(async (client) => {
    await launch(client, { hitCondition: '== 14' });
    const first = await client.waitForStopOrExit();
    assert.equal(first.kind, 'stopped', 'it stops');
    if (first.kind !== 'stopped') return;
    const threadId = first.event.body.threadId ?? 0;
    // The fourteenth call is the second of the second loop: cell 1, scale 3.
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, weightLine);
    assert.equal(await client.evaluateIn(frame.id, 'scale'), '3');
    assert.equal(await client.evaluateIn(frame.id, 'cell->size'), '2');
    await client.continueRequest({ threadId });
    const next = await client.waitForStopOrExit();
    assert.equal(next.kind, 'exited', 'no other stop');
  });
});
