// Through the adapter, a third-party C library at -O2 with gdb beside it on
// the same program: jsmn (Debian's libjsmn-dev, whose whole source is its
// header) built by the test setup at -O2 -g (fixture jsmn-O2) and driven by
// a small program. A function breakpoint on jsmn_parse, whose body opens
// with its loop's branch, stops at every call, as often as gdb, with gdb's
// stack (the driver's parse_text is inlined into main: a frame of its own at
// its call line) and gdb's argument and local values, `<optimized out>`
// where gdb says so. A function breakpoint on jsmn_alloc_token, inlined in
// three places, stops once per token jsmn filled (the driver prints that
// count), at the copy's opening branch, with gdb's callers and counts where
// gdb binds a copy at that branch. gdb 13 binds the copy in jsmn_parse
// itself after its branch, at an instruction the counting pass runs too: it
// stops there in the pass that allocates no token and misses calls in the
// pass that does (8 stops for 9 tokens on this program).
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type RewindDebugClient, withDebugClient } from '../support/dapClient';
import { gdbStops, type GdbFrame } from '../support/gdbStops';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const program = fixtureBinary('jsmn-O2');
const driver = fixtureSource('jsmn', 'main.c');
const library = '/usr/include/jsmn.h';

interface RewindStop {
  frames: DebugProtocol.StackFrame[];
  values: Map<string, string>;
}

/** Every stop of a run to the end with a function breakpoint on `name`, and what the driver printed. */
async function rewindStops(client: RewindDebugClient, name: string): Promise<{ stops: RewindStop[]; stdout: string }> {
  await client.launchWithBreakpoints({ program }, [], async () => {
    const [breakpoint] = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name }] })).body.breakpoints;
    assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
  });
  const stops: RewindStop[] = [];
  const record = async (stopped: DebugProtocol.StoppedEvent) => {
    assert.equal(stopped.body.reason, 'breakpoint', JSON.stringify(stopped.body));
    const frames = await client.frames(stopped.body.threadId ?? 0);
    const values = new Map([...(await client.locals(frames[0].id))].map(([key, variable]) => [key, variable.value]));
    stops.push({ frames, values });
  };
  const first = await client.waitForStopped();
  await record(first);
  const { exited } = await client.continueUntilExit(first.body.threadId ?? 0, record, 60);
  assert.equal(exited.body.exitCode, 0);
  await client.waitForOutput('stdout', 'parses=');
  return { stops, stdout: client.outputText('stdout') };
}

function printed(stdout: string, key: string): number {
  const match = new RegExp(`${key}=(\\d+)`).exec(stdout);
  assert.ok(match, `the driver prints ${key}: ${stdout}`);
  return Number(match[1]);
}

const describeGdb = (frames: GdbFrame[]): string => frames.map((frame) => `${frame.name} ${path(frame.file)}:${frame.line}`).join(' < ');
const describeRewind = (frames: DebugProtocol.StackFrame[]): string =>
  frames.map((frame) => `${frame.name.replace(/\(.*$/, '').trim()} ${path(frame.source?.path ?? '?')}:${frame.line}`).join(' < ');
const path = (file: string): string => file.replace(/^.*\//, '');

/**
 * A value as both debuggers must agree on it: the stack's addresses depend
 * on the environment each debugger gives the program (gdb adds LINES and
 * COLUMNS), so any stack address stands for another; everything else —
 * the program's own addresses (no ASLR in either), numbers, strings,
 * `<optimized out>` — must be the same.
 */
const comparable = (value: string | undefined): string | undefined => value?.replace(/0x7ff[0-9a-f]{9}\b/g, '<stack address>');

/** The frames from main up, which is what both debuggers must agree on. */
function fromMain<T extends { name: string }>(frames: T[]): T[] {
  const main = frames.findIndex((frame) => /^main\b/.test(frame.name));
  return main < 0 ? frames : frames.slice(0, main + 1);
}

test("jsmn at -O2: jsmn_parse stops at every call, with gdb's stack, inlined frames and values", { timeout: testTimeoutMs }, async () => {
  const reference = gdbStops(program, 'jsmn_parse');
  await withDebugClient(async (client) => {
    const { stops, stdout } = await rewindStops(client, 'jsmn_parse');
    const parses = printed(stdout, 'parses');
    assert.ok(parses >= 8, stdout);
    assert.equal(reference.stops.length, parses, `gdb stops at every call: ${reference.output}`);
    assert.equal(stops.length, parses, `one stop per call: ${stops.map((stop) => describeRewind(stop.frames)).join('\n')}`);
    const callLine = markerLine(driver, 'DRIVER_PARSE');
    for (const [index, stop] of stops.entries()) {
      const expected = reference.stops[index];
      const listing = `rewind: ${describeRewind(stop.frames)}\ngdb:    ${describeGdb(expected.frames)}`;
      assert.equal(describeRewind(fromMain(stop.frames)), describeGdb(fromMain(expected.frames)), listing);
      assert.ok(sameFile(stop.frames[0].source?.path, library), listing);
      // The driver's parse_text is inlined into main: its own frame, at the call's line.
      assert.match(stop.frames[1].name, /^parse_text\b/, listing);
      assert.equal(stop.frames[1].line, callLine, listing);
      assert.ok(expected.values.size >= 5 && [...expected.values.values()].includes('<optimized out>'), `gdb's values: ${[...expected.values]}`);
      for (const [name, value] of expected.values) {
        const ours = stop.values.get(name);
        assert.ok(ours !== undefined, `${name} is shown (gdb: ${value}); ours: ${[...stop.values.keys()]}`);
        assert.equal(comparable(ours), comparable(value), `${name} at stop ${index}: gdb ${value}, Rewind ${ours}`);
      }
    }
  });
});

/** The line of jsmn.h that holds `text` (the library's source as Debian ships it). */
function libraryLine(text: string): number {
  const lines = fs.readFileSync(library, 'utf8').split('\n');
  const found = lines.findIndex((candidate) => candidate.includes(text));
  assert.ok(found >= 0, `${library} has '${text}'`);
  return found + 1;
}

test(
  'jsmn at -O2: every inlined copy of jsmn_alloc_token stops, once per token filled, where gdb misses some and stops in the wrong pass',
  { timeout: testTimeoutMs },
  async () => {
    const reference = gdbStops(program, 'jsmn_alloc_token');
    await withDebugClient(async (client) => {
      const { stops, stdout } = await rewindStops(client, 'jsmn_alloc_token');
      const filled = printed(stdout, 'filled');
      assert.ok(filled > 20, stdout);
      const listing = stops.map((stop) => describeRewind(fromMain(stop.frames))).join('\n');
      assert.equal(stops.length, filled, `one stop per token filled:\n${listing}`);
      // The function's body opens with its branch: every copy stops there.
      const branchLine = libraryLine('if (parser->toknext >= num_tokens)');
      const fillLine = markerLine(driver, 'DRIVER_FILL');
      for (const stop of stops) {
        const frames = describeRewind(stop.frames);
        assert.match(stop.frames[0].name, /^jsmn_alloc_token\b/, frames);
        assert.ok(sameFile(stop.frames[0].source?.path, library), frames);
        assert.equal(stop.frames[0].line, branchLine, frames);
        // Inlined into jsmn_parse, directly or through jsmn_parse_string/primitive,
        // and only ever in the pass that fills tokens (the counting pass allocates none).
        assert.ok(
          stop.frames.some((frame) => /^jsmn_parse\b/.test(frame.name)),
          frames,
        );
        assert.equal(fromMain(stop.frames).at(-1)?.line, fillLine, frames);
        assert.ok(stop.values.has('parser') && stop.values.has('num_tokens'), `the inlined copy's own parameters: ${[...stop.values.keys()]}`);
        assert.equal(stop.values.get('num_tokens'), '64', frames);
      }
      // gdb stops at the same places where it binds a copy at its opening
      // branch (the copies in jsmn_parse_string and jsmn_parse_primitive),
      // with the same callers and as many times.
      const callers = (frames: string[]): Map<string, number> => {
        const counts = new Map<string, number>();
        for (const chain of frames) counts.set(chain, (counts.get(chain) ?? 0) + 1);
        return counts;
      };
      const gdbAtBranch = reference.stops.filter((stop) => stop.frames[0]?.line === branchLine);
      assert.ok(gdbAtBranch.length > 10, reference.output);
      const ours = callers(stops.map((stop) => describeRewind(fromMain(stop.frames).slice(1))));
      for (const [chain, count] of callers(gdbAtBranch.map((stop) => describeGdb(fromMain(stop.frames).slice(1))))) {
        assert.equal(ours.get(chain), count, `gdb stops ${count} times in ${chain}; Rewind:\n${listing}`);
      }
    });
  },
);
