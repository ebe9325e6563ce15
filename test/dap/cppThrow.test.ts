// Through the adapter: with the "C++: on throw" filter on, a throw stops in
// __cxa_throw with the throwing function below it, and exceptionInfo names
// the thrown type; continuing lets main catch it. With the filter off (the
// default) the throw costs nothing and the program runs to its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const throwSource = fixtureSource('cppthrow', 'main.cpp');

test('with cpp-throw on, a throw stops in __cxa_throw called by the throwing function', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('cppthrow') }, [], async () => {
      await client.setExceptionBreakpointsRequest({ filters: ['fatal-signals', 'cpp-throw'] });
    });
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'exception');
    assert.match(stopped.body.text ?? '', /std::runtime_error/);
    const threadId = stopped.body.threadId ?? 0;
    const info = (await client.exceptionInfoRequest({ threadId })).body;
    assert.equal(info.details?.typeName, 'std::runtime_error');
    assert.equal(info.breakMode, 'always');
    const frames = await client.frames(threadId);
    const names = frames.map((frame) => frame.name).join(' < ');
    assert.match(frames[0].name, /^__cxa_throw\b/, `the stop is in __cxa_throw: ${names}`);
    const thrower = frames.find((frame) => /^parse_config\b/.test(frame.name));
    assert.ok(thrower, `parse_config is on the stack: ${names}`);
    assert.ok(frames.indexOf(thrower) <= 2, `parse_config is right below the throw machinery: ${names}`);
    assert.equal(thrower.line, markerLine(throwSource, 'THROW'));
    assert.ok(sameFile(thrower.source?.path, throwSource));
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'caught: config version too old\n');
  });
});

test('with cpp-throw off, the thrown exception is caught without a stop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('cppthrow') }, [], async () => {
      await client.setExceptionBreakpointsRequest({ filters: ['fatal-signals'] });
    });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'caught: config version too old\n');
    assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'no stop');
  });
});
