// Through the adapter: a program with named threads. `threads` lists them by
// the names they gave themselves, each worker's call stack shows its thread
// function, and a thread event reports each one's start and end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const threadsSource = fixtureSource('threads', 'main.c');

function threadEventIds(events: DebugProtocol.Event[], reason: string): number[] {
  return events
    .filter((event) => event.event === 'thread' && (event as DebugProtocol.ThreadEvent).body.reason === reason)
    .map((event) => (event as DebugProtocol.ThreadEvent).body.threadId);
}

test('threads are listed by name, show their thread function, and are announced when they start and end', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('threads') }, [
      { source: threadsSource, lines: [markerLine(threadsSource, 'ALL_READY')] },
    ]);
    const mainThread = stopped.body.threadId ?? 0;
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 4, JSON.stringify(threads));
    const workers = threads.filter((thread) => thread.id !== mainThread);
    assert.deepEqual(workers.map((thread) => thread.name).sort(), ['worker-0', 'worker-1', 'worker-2']);
    const mainTop = await client.topFrame(mainThread);
    assert.match(mainTop.name, /^main\b/);
    assert.equal(mainTop.line, markerLine(threadsSource, 'ALL_READY'));
    for (const worker of workers) {
      const frames = await client.frames(worker.id);
      const names = frames.map((frame) => frame.name).join(' < ');
      const own = frames.find((frame) => /^worker_main\b/.test(frame.name));
      assert.ok(own, `${worker.name}'s stack shows worker_main: ${names}`);
      const loopLines = [markerLine(threadsSource, 'WORKER_WHILE'), markerLine(threadsSource, 'WORKER_LOOP')];
      assert.ok(loopLines.includes(own.line), `${worker.name} is in its loop (line ${own.line})`);
    }
    assert.deepEqual(threadEventIds(client.events.history, 'started').sort(), workers.map((thread) => thread.id).sort());
    await client.continueRequest({ threadId: mainThread });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    await client.waitForOutput('stdout', 'workers done\n');
    const ended = threadEventIds(client.events.history, 'exited');
    for (const worker of workers) assert.ok(ended.includes(worker.id), `an exited event for ${worker.name}: ${JSON.stringify(ended)}`);
  });
});
