// The adapter under a few thousand generated DAP requests, seeded (the seed
// is printed; REWIND_FUZZ_SEED replays a run, REWIND_FUZZ_REQUESTS sizes it),
// over real sessions of the loop fixture stopped at a breakpoint. Requests
// follow the protocol's grammar (every request of @vscode/debugprotocol with
// its declared arguments, and Rewind's custom requests) with values that fit
// or do not (wrong types, nulls, huge strings, out-of-range numbers), some
// sent several at once, between malformed frames. It fails on a crash, a
// hang, a request left unanswered, an internal error or stack trace, and on
// a debuggee left behind: a session that ends with terminateDebuggee leaves
// no process; one that ends with a detach leaves it running, untraced and
// not stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { dapRequestGrammar, DeclaredProperty, debugProtocolInterfaces, fuzzSeed, Random, valueFor, withRawNumbers } from '../support/fuzzing';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { eventually, isAlive, killIfAlive, processesRunning, processInfo } from '../support/processes';
import { frame, RawAdapter } from '../support/rawAdapter';
import { scratchCopy } from '../support/scratchCopy';

const totalRequests = Number(process.env.REWIND_FUZZ_REQUESTS ?? 2400);
const sessions = 3;
const loopSource = fixtureSource('loop', 'main.c');
const loopBody = markerLine(loopSource, 'LOOP_BODY');

// Requests that end the session or start or attach to another program are sent by the test itself.
const excluded = new Set(['disconnect', 'terminate', 'restart', 'terminateThreads', 'launch', 'attach']);
// Writes could break the program itself; the session that ends with a detach leaves them out.
const writes = new Set(['writeMemory', 'setVariable', 'setExpression']);
const customRequests: Record<string, DeclaredProperty[]> = {
  reverseStepIn: [{ name: 'threadId', type: 'number' }],
  reverseStepOut: [{ name: 'threadId', type: 'number' }],
  startRecording: [{ name: 'recordLimit', type: 'number' }],
  stopRecording: [],
  recordingInfo: [],
  travelTo: [{ name: 'index', type: 'number' }],
  goToLastWrite: [
    { name: 'variablesReference', type: 'number' },
    { name: 'name', type: 'string' },
    { name: 'expression', type: 'string' },
    { name: 'frameId', type: 'number' },
    { name: 'address', type: 'string | number' },
    { name: 'bytes', type: 'number' },
  ],
  branchHistory: [
    { name: 'start', type: 'number' },
    { name: 'count', type: 'number' },
    { name: 'kinds', type: 'string[]' },
    { name: 'query', type: 'string' },
  ],
  callHistory: [
    { name: 'start', type: 'number' },
    { name: 'count', type: 'number' },
    { name: 'atIndex', type: 'number' },
  ],
  instructionHistory: [
    { name: 'start', type: 'number' },
    { name: 'count', type: 'number' },
  ],
  historyMarkers: [
    { name: 'buckets', type: 'number' },
    { name: 'kinds', type: 'string[]' },
  ],
  branchStatistics: [{ name: 'file', type: 'string' }],
  lineExecutionCounts: [{ name: 'file', type: 'string' }],
  branchTraceInfo: [],
  hardwareTrace: [
    { name: 'enable', type: 'boolean' },
    { name: 'threadId', type: 'number' },
  ],
};

/** Frames that are wrong in a way a reader can recover from (a too-long length cannot be told from a slow client). */
function malformedFrame(random: Random, seq: number): Buffer {
  const body = JSON.stringify({ seq, type: 'request', command: 'threads' });
  switch (random.int(7)) {
    case 0:
      return frame(body.slice(0, random.int(body.length)));
    case 1:
      return frame(body, `Content-Length: ${random.int(body.length)}\r\n\r\n`);
    case 2:
      return frame(
        body,
        random.pick([
          'Content-Length: 1e1\r\n\r\n',
          'Content-Length: -4\r\n\r\n',
          'Content-Type: x\r\n\r\n',
          `Content-Length: 3\r\nContent-Length: ${body.length}\r\n\r\n`,
        ]),
      );
    case 3:
      return frame(Buffer.concat([Buffer.from(body.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(body.slice(20))]));
    case 4:
      return frame(random.pick(['null', '[]', '7', '"x"', '{}', '{"type":"request"}', `{"seq":${seq},"type":"event"}`]));
    case 5:
      return Buffer.from(random.pick(['garbage\r\n\r\n', '\r\n', 'Content-Length: x\n\n']));
    default:
      return frame(`{"seq":${seq},"type":"request","command":"threads"}`, `Content-Length: ${body.length}\n\n`);
  }
}

function internalProblem(response: DebugProtocol.Response): string | undefined {
  if (response.success) return undefined;
  const message = response.message ?? '';
  const id = (response.body as { error?: DebugProtocol.Message } | undefined)?.error?.id;
  if (id === 1000 || id === 2011 || id === 2099) return `an internal error (${id}): ${message.slice(0, 500)}`;
  if (/TypeError|ReferenceError|RangeError|Internal error|\n\s+at \S+|\.js:\d+:\d+/.test(message)) return `an internal failure: ${message.slice(0, 500)}`;
  if (message.length === 0 || message.length > 3000) return `a message of ${message.length} characters`;
  return undefined;
}

async function awaitEvent(adapter: RawAdapter, name: string, count = 1): Promise<DebugProtocol.Event> {
  assert.ok(await adapter.until(() => adapter.events(name).length >= count, 20_000), `event ${name}; stderr: ${adapter.stderr().slice(-1500)}`);
  return adapter.events(name)[count - 1];
}

/** The slowest answers so far, for the log: a long run says where its time went. */
const slowest: Array<{ ms: number; shown: string }> = [];

async function runSession(random: Random, index: number, requests: number): Promise<void> {
  const detach = index % 2 === 1;
  const copy = scratchCopy(fixtureBinary('loop'));
  const adapter = RawAdapter.start();
  let programPid: number | undefined;
  try {
    assert.equal((await adapter.request('initialize', { adapterID: 'rewind', pathFormat: 'path' })).success, true);
    const launchSeq = adapter.send('launch', { program: copy.program, args: ['100000000000'] });
    await awaitEvent(adapter, 'initialized');
    await adapter.request('setBreakpoints', { source: { path: loopSource }, breakpoints: [{ line: loopBody }] });
    await adapter.request('configurationDone');
    assert.equal((await adapter.responseTo(launchSeq)).success, true, 'the launch succeeds');
    const stopped = (await awaitEvent(adapter, 'stopped')) as DebugProtocol.StoppedEvent;
    programPid = processesRunning(copy.program)[0]?.pid;
    assert.ok(programPid, 'the program runs');
    const threadId = stopped.body.threadId ?? 0;
    const trace = await adapter.request('stackTrace', { threadId });
    const frameId = (trace.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0].id;
    const scopes = await adapter.request('scopes', { frameId });
    const reference = (scopes.body as DebugProtocol.ScopesResponse['body']).scopes[0]?.variablesReference ?? 1;
    const plausible = {
      numbers: [threadId, frameId, reference, 0, 1, loopBody, -1],
      strings: [loopSource, 'i', 'total', 'count + 1', 'main', '0x401000', 'line', 'instruction', 'write', '==2', '% 3', '{i}', 'x'.repeat(5000)],
    };
    const interfaces = debugProtocolInterfaces();
    const grammar = [...dapRequestGrammar(), ...Object.entries(customRequests)].filter(
      ([command]) => !excluded.has(command) && !(detach && writes.has(command)),
    );
    let malformed = 900_000 + index * 10_000;
    for (let sent = 0; sent < requests; ) {
      if (random.chance(0.06)) {
        adapter.write(malformedFrame(random, malformed++));
        continue;
      }
      const burst = random.chance(0.1) ? 3 : 1;
      const pending: Array<{ seq: number; shown: string }> = [];
      for (let i = 0; i < burst; i++, sent++) {
        const [command, properties] = random.pick(grammar);
        const args: Record<string, unknown> = {};
        for (const property of properties) {
          if (random.chance(0.6)) args[property.name] = valueFor(property.type, random, interfaces, plausible);
        }
        const seq = adapter.takeSeq();
        const text = withRawNumbers(JSON.stringify({ seq, type: 'request', command, arguments: args }));
        adapter.write(frame(text));
        pending.push({ seq, shown: text.slice(0, 300) });
      }
      const began = Date.now();
      for (const { seq, shown } of pending) {
        const response = await adapter.responseTo(seq, 20_000);
        const took = Date.now() - began;
        if (took > (slowest[0]?.ms ?? 0)) slowest.unshift({ ms: took, shown: shown.slice(0, 160) });
        const problem = internalProblem(response);
        assert.equal(problem, undefined, `${shown} got ${problem}`);
      }
    }
    assert.ok(adapter.running, `the adapter still runs: ${adapter.exitStatus}`);
    assert.doesNotMatch(adapter.stderr(), /TypeError|uncaught|unhandled|internal error/i, 'nothing internal was logged');
    adapter.rememberStartedProcesses();
    const disconnect = await adapter.request('disconnect', { terminateDebuggee: !detach });
    assert.equal(disconnect.success, true);
    assert.ok(await adapter.until(() => !adapter.running), 'the adapter ends after disconnect');
    const pid = programPid;
    if (detach) {
      assert.ok(
        await eventually(() => processInfo(pid)?.tracerPid === 0),
        `a detached program is not traced: ${JSON.stringify(processInfo(pid)) ?? 'it is gone'}; stderr: ${adapter.stderr().slice(-600)}`,
      );
      const info = processInfo(pid);
      assert.ok(info && isAlive(pid), `a detached program runs on: ${JSON.stringify(info)}`);
      assert.ok(!['t', 'T'].includes(info.state), `a detached program is not left stopped (${info.state})`);
    } else {
      assert.ok(await eventually(() => processesRunning(copy.program).length === 0), 'terminateDebuggee leaves no program behind');
    }
  } finally {
    await adapter.close();
    if (programPid !== undefined) killIfAlive([programPid]);
    copy.remove();
  }
}

test('generated DAP requests and malformed frames over real sessions: all answered, nothing internal, nothing left behind', { timeout: 300_000 }, async () => {
  // Seed 3644580881 once ended with the detached program gone: a smaller
  // recordLimit given in the past dropped the way back to the live end
  // (recordingLimitInPast.test.ts keeps that fixed).
  const random = new Random(fuzzSeed('DAP fuzz', 2543715938));
  const began = Date.now();
  try {
    for (let index = 0; index < sessions; index++) await runSession(random, index, Math.ceil(totalRequests / sessions));
  } finally {
    console.log(`DAP fuzz: ${totalRequests} requests in ${Date.now() - began} ms; slowest answers: ${JSON.stringify(slowest.slice(0, 5), null, 1)}`);
  }
});
