// Through the adapter, on the `optimized` fixture built at -O0 and at -O2:
// a function breakpoint stops once per call, even where -O2 opens the
// function's body with a branch that only some calls take (gdb stops at the
// entry of such code; the program prints how many calls each function had).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('optimized', 'main.c');

interface FunctionStop {
  name: string;
  line: number;
  path: string | undefined;
}

/** Runs `program` with a function breakpoint on `name` to its end: every stop's top frame, and the calls of release_cell the program counted. */
async function stopsOnFunctions(
  client: RewindDebugClient,
  program: string,
  name: string,
): Promise<{ stops: FunctionStop[]; calls: number; breakpoints: DebugProtocol.Breakpoint[] }> {
  let breakpoints: DebugProtocol.Breakpoint[] = [];
  await client.launchWithBreakpoints({ program: fixtureBinary(program) }, [], async () => {
    breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name }] })).body.breakpoints;
  });
  const stops: FunctionStop[] = [];
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    stops.push({ name: frame.name, line: frame.line, path: frame.source?.path });
  };
  const first = await client.waitForStopped();
  await record(first);
  const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record);
  assert.equal(exited.body.exitCode, 0);
  await client.waitForOutput('stdout', 'weight_calls=');
  const printed = /release_calls=(\d+)/.exec(client.outputText('stdout'));
  assert.ok(printed, client.outputText('stdout'));
  return { stops, calls: Number(printed[1]), breakpoints };
}

for (const program of ['optimized', 'optimized-O2']) {
  test(`${program}: a function whose body opens with a branch stops on every call`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const { stops, calls, breakpoints } = await stopsOnFunctions(client, program, 'release_cell');
      assert.equal(breakpoints[0].verified, true, JSON.stringify(breakpoints[0]));
      assert.ok(calls > 4, `the program calls release_cell several times: ${calls}`);
      assert.equal(stops.length, calls, `one stop per call: ${JSON.stringify(stops.map((stop) => stop.line))}`);
      for (const stop of stops) {
        assert.match(stop.name, /^release_cell\b/);
        assert.ok(sameFile(stop.path, source), stop.path);
        // gdb shows the branch's line (at -O2 the entry holds it).
        assert.equal(stop.line, markerLine(source, 'RELEASE_BRANCH'), JSON.stringify(stop));
      }
    });
  });
}

for (const program of ['optimized', 'optimized-O2']) {
  test(`${program}: a function breakpoint stops in every inlined copy, with the caller below it`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const callerLines = ['MAIN_WEIGH', 'MAIN_WEIGH_AGAIN', 'MAIN_POINTER'].map((marker) => markerLine(source, marker));
      const bodyLines = [markerLine(source, 'WEIGHT_BODY'), markerLine(source, 'WEIGHT_RETURN')];
      const seen: string[] = [];
      let breakpoints: DebugProtocol.Breakpoint[] = [];
      await client.launchWithBreakpoints({ program: fixtureBinary(program) }, [], async () => {
        breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cell_weight' }] })).body.breakpoints;
      });
      assert.equal(breakpoints[0].verified, true, JSON.stringify(breakpoints[0]));
      const record = async (stopped: DebugProtocol.StoppedEvent) => {
        const frames = await client.frames(stopped.body.threadId ?? 0);
        const listing = frames.map((frame) => `${frame.name} ${frame.line}`).join(' < ');
        seen.push(listing);
        assert.match(frames[0].name, /^cell_weight\b/, listing);
        assert.ok(sameFile(frames[0].source?.path, source), listing);
        assert.ok(frames[0].line >= bodyLines[0] && frames[0].line <= bodyLines[1], `stops in the body: ${listing}`);
        // The caller is main, at the line of the call (an inlined copy's too).
        assert.match(frames[1].name, /^main\b/, listing);
        assert.ok(callerLines.includes(frames[1].line), `main at a call of cell_weight: ${listing}`);
        const locals = await client.locals(frames[0].id);
        assert.ok(locals.has('scale') && locals.has('cell'), `the inlined copy's own parameters: ${[...locals.keys()]}`);
        const callerLocals = await client.locals(frames[1].id);
        assert.ok(callerLocals.has('count') && callerLocals.has('total'), `main's locals in main's frame: ${[...callerLocals.keys()]}`);
        if (frames[1].line === callerLines[1]) assert.equal(locals.get('scale')?.value, '3', listing);
      };
      const first = await client.waitForStopped();
      await record(first);
      const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record);
      assert.equal(exited.body.exitCode, 0);
      await client.waitForOutput('stdout', 'weight_calls=');
      const calls = Number(/weight_calls=(\d+)/.exec(client.outputText('stdout'))?.[1]);
      assert.equal(seen.length, calls, `one stop per call (${calls}):\n${seen.join('\n')}`);
    });
  });
}

for (const program of ['optimized', 'optimized-O2']) {
  test(`${program}: stepping out of cell_weight reaches main, and next in main never stops in it`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const bodyFirst = markerLine(source, 'WEIGHT_BODY') - 2;
      const bodyLast = markerLine(source, 'WEIGHT_RETURN') + 1;
      await client.launchWithBreakpoints({ program: fixtureBinary(program) }, [], async () => {
        await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cell_weight' }] });
      });
      const first = await client.waitForStopped();
      const threadId = first.body.threadId ?? 0;
      assert.match((await client.topFrame(threadId)).name, /^cell_weight\b/);
      await client.setFunctionBreakpointsRequest({ breakpoints: [] });
      const out = await client.step('stepOut', threadId);
      const outFrames = await client.frames(threadId);
      const listing = outFrames.map((frame) => `${frame.name} ${frame.line}`).join(' < ');
      assert.match(out.frame.name, /^main\b/, listing);
      assert.ok(!outFrames.some((frame) => /^cell_weight\b/.test(frame.name)), listing);
      // At -O2 the line table gives some of main's own code the inlined
      // function's lines (gdb 13 stops there too, in main); what must not
      // happen is a stop inside the inlined call.
      const lines: number[] = [];
      for (let i = 0; i < 6; i++) {
        const { stopped } = await client.step('next', threadId);
        const frames = await client.frames(stopped.body.threadId ?? threadId);
        lines.push(frames[0].line);
        const listing = `${lines.join(', ')}: ${frames.map((frame) => frame.name).join(' < ')}`;
        assert.match(frames[0].name, /^main\b/, `next stays in main: ${listing}`);
        assert.ok(!frames.some((frame) => /^cell_weight\b/.test(frame.name)), `next never stops in cell_weight: ${listing}`);
        if (program === 'optimized') assert.ok(frames[0].line < bodyFirst || frames[0].line > bodyLast, listing);
      }
    });
  });
}
