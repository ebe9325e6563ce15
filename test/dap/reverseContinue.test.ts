// Reverse-continue and travelling through the history: breakpoints are hit
// going backwards (a loop's counter goes down), conditions are honoured,
// the start of the recording ends a reverse-continue, continue in the past
// replays to the next hit and then runs live, travelTo and recordingInfo
// agree, and the recorded past cannot be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureSource } from '../support/paths';
import { sleep } from '../support/processes';
import { local, recordingInfo, recordTo, travel } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('reverse', 'main.c');
const line = (marker: string): number => markerLine(source, marker);

test('reverseContinue stops at a loop breakpoint with the counter going down', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    await client.setLineBreakpoints(source, [line('LOOP_WRITE')]);
    const seen: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.equal(frame.line, line('LOOP_WRITE'));
      seen.push(`${await local(client, frame.id, 'i')}:${await client.evaluateIn(frame.id, 'counter')}`);
    }
    assert.deepEqual(seen, ['5:10', '4:6', '3:3']);
    // Forward again inside the history: the next hit is i == 4.
    const { stopped, frame } = await travel(client, 'continue', { threadId });
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.match(stopped.body.description ?? '', /history \d+\/\d+/);
    assert.equal(await local(client, frame.id, 'i'), '4');
    // Without breakpoints, continue replays to the end of the history and runs live to the exit.
    await client.setLineBreakpoints(source, []);
    await client.continueRequest({ threadId });
    const exited = await client.waitFor('exited');
    assert.equal((exited.body as { exitCode: number }).exitCode, 0);
    assert.match(client.outputText('stdout'), /^9 10 3 15 after 10$/m, 'the live run goes on from the real state');
  });
});

test('reverseContinue honours a breakpoint condition', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    await client.setSourceBreakpoints(source, [{ line: line('LOOP_WRITE'), condition: 'i == 2' }]);
    const { frame } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(await local(client, frame.id, 'i'), '2');
    assert.equal(await client.evaluateIn(frame.id, 'counter'), '1');
  });
});

test('reverseContinue without breakpoints stops at the start of the recording', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'AFTER_SQUARE');
    const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
    assert.match(stopped.body.description ?? '', /start of the recording/);
    assert.equal(frame.line, line('MAIN_START'));
    const info = await recordingInfo(client);
    assert.equal(info.position, 0);
    assert.ok((info.size ?? 0) > 0);
  });
});

test('travelTo moves to any position and back to the live end; recordingInfo follows', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'AFTER_SQUARE');
    const live = await recordingInfo(client);
    assert.equal(live.recording, true);
    assert.equal(live.position, live.size, 'a stop at the live end');
    const events: string[] = [];
    client.on('continued', () => events.push('continued'));
    client.on('stopped', () => events.push('stopped'));
    const start = await travel(client, 'travelTo', { index: 0 });
    assert.equal(start.stopped.body.reason, 'goto');
    assert.deepEqual(events, ['continued', 'stopped'], 'a custom travel tells the client the program moved, then where it stopped');
    assert.equal(start.frame.line, line('MAIN_START'));
    assert.equal((await recordingInfo(client)).position, 0);
    const end = await travel(client, 'travelTo', { index: live.size });
    assert.equal(end.frame.line, line('AFTER_SQUARE'));
    assert.equal(await local(client, end.frame.id, 'b'), '9');
    events.length = 0;
    const beyond = await client.sendForResponse('travelTo', { index: (live.size ?? 0) + 1 });
    assert.equal(beyond.success, false);
    assert.match(beyond.message ?? '', /beyond the history/);
    await sleep(200);
    assert.deepEqual(events, [], 'a refused travel moves nothing and says nothing');
    assert.ok(threadId > 0);
  });
});

test('the recorded past cannot be written: setVariable there is refused and changes nothing', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'AFTER_SQUARE');
    const { frame } = await travel(client, 'stepBack', { threadId });
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    const locals = scopes.find((scope) => /local/i.test(scope.name));
    assert.ok(locals);
    const refused = await client.sendForResponse('setVariable', { variablesReference: locals.variablesReference, name: 'a', value: '42' });
    assert.equal(refused.success, false);
    assert.match(refused.message ?? '', /past/i);
    assert.equal(await local(client, frame.id, 'a'), '3');
  });
});

test('back across read() from a pipe the buffer shows its earlier content', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'SIGNAL');
    const after = await client.topFrame(threadId);
    assert.equal(await client.evaluateIn(after.id, 'message'), '"after"');
    const { frame } = await travel(client, 'stepBack', { threadId });
    assert.equal(frame.line, line('READ'));
    assert.equal(await client.evaluateIn(frame.id, 'message'), '"before"');
    const forward = await client.step('next', threadId);
    assert.equal(forward.frame.line, line('SIGNAL'));
    assert.equal(await client.evaluateIn(forward.frame.id, 'message'), '"after"');
  });
});

test('reverseContinue goes back into a signal handler', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    await client.setLineBreakpoints(source, [line('HANDLER')]);
    const { frame } = await travel(client, 'reverseContinue', { threadId });
    assert.match(frame.name, /^onSignal\b/);
    assert.equal(await local(client, frame.id, 'signal'), '10');
    assert.equal(await client.evaluateIn(frame.id, 'handled'), '0', 'before the handler wrote it');
  });
});

test('go to last write travels to the instruction that last wrote a variable', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    const top = await client.topFrame(threadId);
    const evaluated = await client.evaluateRequest({ expression: 'counter', frameId: top.id, context: 'watch' });
    const address = evaluated.body.memoryReference;
    assert.ok(address, 'counter has a memory reference');
    const { stopped, frame } = await travel(client, 'goToLastWrite', { address, bytes: 8 });
    assert.equal(stopped.body.reason, 'goto');
    assert.equal(frame.line, line('LOOP_WRITE'));
    assert.equal(await local(client, frame.id, 'i'), '5');
    assert.equal(await client.evaluateIn(frame.id, 'counter'), '10', 'just before the write of 15');
  });
});

test('a recording limit keeps the newest instructions and says the oldest were dropped', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE', { recordLimit: 300 });
    const info = await recordingInfo(client);
    assert.equal(info.limit, 300);
    assert.ok((info.size ?? 0) <= 300 && (info.size ?? 0) > 0, `size ${info.size} within the limit`);
    assert.ok((info.dropped ?? 0) > 0, 'older instructions were dropped');
    assert.match(client.outputText('console'), /Recording limit reached: the oldest \d+/);
    const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
    assert.match(stopped.body.description ?? '', /start of the recording/);
    assert.notEqual(frame.line, line('MAIN_START'), 'main start was dropped from the history');
  });
});

test('go to last write finds a local named from the Variables view and an expression', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    const top = await client.topFrame(threadId);
    const byExpression = await travel(client, 'goToLastWrite', { expression: 'counter', frameId: top.id });
    assert.equal(byExpression.frame.line, line('LOOP_WRITE'));
    assert.equal(await local(client, byExpression.frame.id, 'i'), '5');
    // From there, further back: where main's local c was written.
    const scopes = (await client.scopesRequest({ frameId: byExpression.frame.id })).body.scopes;
    const locals = scopes.find((scope) => /local/i.test(scope.name));
    assert.ok(locals);
    const byName = await travel(client, 'goToLastWrite', { variablesReference: locals.variablesReference, name: 'c' });
    assert.equal(byName.frame.line, line('AFTER_SQUARE'), 'c = b + 1 wrote c');
    assert.equal(threadId, byName.stopped.body.threadId);
    const nothing = await client.sendForResponse('goToLastWrite', { expression: 'counter', frameId: byName.frame.id });
    assert.equal(nothing.success, false, 'counter is written only later');
    assert.match(nothing.message ?? '', /No recorded instruction wrote/);
  });
});

test('a reverse watchpoint stops where the watched variable was last written, going down the loop', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    const top = await client.topFrame(threadId);
    const info = await client.dataBreakpointInfoRequest({ name: 'counter', frameId: top.id });
    assert.ok(info.body.dataId, info.body.description);
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    assert.equal(set.body.breakpoints[0].verified, true, set.body.breakpoints[0].message);
    const seen: string[] = [];
    for (let round = 0; round < 2; round++) {
      const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
      assert.equal(stopped.body.reason, 'data breakpoint');
      assert.deepEqual(stopped.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
      assert.equal(frame.line, line('LOOP_WRITE'));
      seen.push(`${await local(client, frame.id, 'i')}:${await client.evaluateIn(frame.id, 'counter')}`);
    }
    assert.deepEqual(seen, ['5:10', '4:6'], 'stopped before each write, newest first');
  });
});

test('a reverse watchpoint with a condition judges the value each write left and passes the others', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const threadId = await recordTo(client, 'reverse', source, 'DONE');
    const top = await client.topFrame(threadId);
    const info = await client.dataBreakpointInfoRequest({ name: 'counter', frameId: top.id });
    assert.ok(info.body.dataId, info.body.description);
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId, accessType: 'write', condition: 'counter == 6' }] });
    assert.equal(set.body.breakpoints[0].verified, true, set.body.breakpoints[0].message);
    const { stopped, frame } = await travel(client, 'reverseContinue', { threadId });
    assert.equal(stopped.body.reason, 'data breakpoint');
    assert.deepEqual(stopped.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    assert.equal(frame.line, line('LOOP_WRITE'));
    assert.equal(`${await local(client, frame.id, 'i')}:${await client.evaluateIn(frame.id, 'counter')}`, '3:3', 'before the write that made counter 6');
  });
});
