// Through the adapter: function breakpoints by name. A C function stops at
// the first line of its body; a qualified C++ name with two overloads is one
// breakpoint with two locations, and each overload stops; a name that exists
// nowhere is unverified with a message and costs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const mathSource = fixtureSource('multifile', 'math_ops.c');
const widgetSource = fixtureSource('overloads', 'main.cpp');

test('a C function name stops at the first line of its body', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('multifile') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] })).body.breakpoints;
    });
    assert.equal(client.capabilities.supportsFunctionBreakpoints, true);
    assert.equal(breakpoints.length, 1);
    assert.equal(breakpoints[0].verified, true, JSON.stringify(breakpoints[0]));
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(stopped.body.hitBreakpointIds, [breakpoints[0].id]);
    const frame = await client.topFrame(stopped.body.threadId ?? 0);
    assert.match(frame.name, /^add\b/);
    assert.equal(frame.line, markerLine(mathSource, 'ADD_BODY'));
    assert.ok(sameFile(frame.source?.path, mathSource));
  });
});

test('a C++ name with two overloads is one breakpoint with two locations, and both stop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('overloads') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'ns::Widget::resize' }] })).body.breakpoints;
    });
    assert.equal(breakpoints.length, 1);
    const [resize] = breakpoints;
    assert.equal(resize.verified, true, JSON.stringify(resize));
    assert.match(resize.message ?? '', /\b2 locations\b/, `the breakpoint says it has two locations: ${JSON.stringify(resize)}`);
    const seen: Array<[string, number]> = [];
    const record = async (stopped: DebugProtocol.StoppedEvent) => {
      assert.deepEqual(stopped.body.hitBreakpointIds, [resize.id]);
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      seen.push([frame.name, frame.line]);
    };
    const first = await client.waitForStopped();
    await record(first);
    const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record);
    assert.equal(seen.length, 2, `two stops: ${JSON.stringify(seen)}`);
    assert.match(seen[0][0], /^ns::Widget::resize\(int\)/);
    assert.equal(seen[0][1], markerLine(widgetSource, 'RESIZE_INT'));
    assert.match(seen[1][0], /^ns::Widget::resize\(double\)/);
    assert.equal(seen[1][1], markerLine(widgetSource, 'RESIZE_DOUBLE'));
    assert.equal(exited.body.exitCode, 0);
  });
});

test('an unknown function name is unverified with a message, and the program runs on', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    await client.launchWithBreakpoints({ program: fixtureBinary('multifile') }, [], async () => {
      breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'no_such_function_anywhere' }] })).body.breakpoints;
    });
    assert.equal(breakpoints.length, 1);
    assert.equal(breakpoints[0].verified, false);
    assert.ok((breakpoints[0].message ?? '').length > 0, `a message says why: ${JSON.stringify(breakpoints[0])}`);
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 3);
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'no stop');
  });
});
