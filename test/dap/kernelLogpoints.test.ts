// Through the adapter: logpoints whose values the kernel reads (a uprobe
// whose BPF program writes them to a ring buffer; the program never stops)
// print, in order, the very lines the debugger prints when it formats the
// message at a stop (REWIND_LOG_RING=off) — for arguments, register and
// stack locals, a negative number, a bool, an enum, a char array, a char
// pointer, a char, pointers (one null), a global, array elements and
// computed values; a value read through a null pointer; conditions and hit
// conditions; a message the kernel cannot read (floating point) says why
// once and is printed by the debugger; and with a ring buffer too small to
// keep up, every record is either printed in order or counted as lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient, withDebugClient } from '../support/dapClient';
import { loopBodyLine, loopSource } from '../support/loopRuns';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';

const source = fixtureSource('conditions', 'main.c');
const conditionLine = markerLine(source, 'COND_LINE');
const kernelNote = /Log message written in the kernel \(uprobe \+ BPF ring buffer/;
// Where this machine does not allow probes, the message names the reason.
const unavailable = /formatted by the debugger .*(BPF|uprobe)/;
const debuggerPath = { ...process.env, REWIND_LOG_RING: 'off' };

interface LogRun {
  lines: string[];
  breakpoint: DebugProtocol.Breakpoint;
  console: string;
}

async function logRun(client: RewindDebugClient, options: Omit<DebugProtocol.SourceBreakpoint, 'line'>, passes: number, prefix: string): Promise<LogRun> {
  let breakpoint: DebugProtocol.Breakpoint | undefined;
  await client.launchWithBreakpoints({ program: fixtureBinary('conditions'), args: [String(passes)] }, [], async () => {
    [breakpoint] = await client.setSourceBreakpoints(source, [{ line: conditionLine, ...options }]);
  });
  assert.ok(breakpoint?.verified, JSON.stringify(breakpoint));
  const exited = (await client.waitFor('exited', () => true, 60_000)) as DebugProtocol.ExitedEvent;
  assert.equal(exited.body.exitCode, 0);
  assert.equal(client.events.history.filter((event) => event.event === 'stopped').length, 0, 'a logpoint never stops');
  await client.waitForOutput('stdout', 'total=');
  const console = client.outputText('console');
  return { lines: console.split('\n').filter((line) => line.startsWith(prefix)), breakpoint, console };
}

/** The same logpoint through the kernel's ring buffer and through the debugger's stops. */
async function bothPaths(options: Omit<DebugProtocol.SourceBreakpoint, 'line'>, passes: number, prefix: string): Promise<[LogRun, LogRun]> {
  const kernel = await withDebugClient((client) => logRun(client, options, passes, prefix));
  const debug = await withDebugClient((client) => logRun(client, options, passes, prefix), debuggerPath);
  assert.match(debug.breakpoint.message ?? '', /Log message formatted by the debugger.*REWIND_LOG_RING=off/, JSON.stringify(debug.breakpoint));
  assert.deepEqual(kernel.lines, debug.lines, 'the same lines, in the same order, as the debugger prints at stops');
  return [kernel, debug];
}

test('a logpoint the kernel writes prints the same lines as the debugger, in order, for every kind of value', { timeout: 120_000 }, async () => {
  const message =
    'p={pass} reg={in_register} d={delta} f={flag} c={rec->color} n={rec->name} l={label} ch={label[0]} ' +
    'g={global_counter} v={values[3]} t={table[pass % 4].value} neg={-pass} sum={pass * 2 + 1} r={rec} nx={rec->next} z={nothing} {{x}}';
  const [kernel] = await bothPaths({ logMessage: message }, 40, 'p=');
  assert.match(kernel.breakpoint.message ?? '', new RegExp(`${kernelNote.source}|${unavailable.source}`), JSON.stringify(kernel.breakpoint));
  assert.equal(kernel.lines.length, 40);
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  const colors = ['RED', 'GREEN', 'BLUE', 'RED'];
  kernel.lines.forEach((line, pass) => {
    const head =
      `p=${pass} reg=${pass * 3} d=${500 - pass} f=${pass % 250 === 249} c=${colors[pass % 4]} n="${names[pass % 4]}" ` +
      `l=pass-${pass} ch=112 'p' g=${pass} v=${pass * 3} t=${(pass % 4) * 10} neg=${-pass} sum=${pass * 2 + 1} r=0x`;
    assert.ok(line.startsWith(head), `line ${pass}: ${line}\nexpected to start with: ${head}`);
    assert.match(line, / z=0x0 \{x\}$/);
  });
});

test('a value read through a null pointer prints what the debugger prints, and the program goes on', { timeout: 120_000 }, async () => {
  const [kernel] = await bothPaths({ logMessage: 'q={pass} bad={nothing->value} after={delta}' }, 12, 'q=');
  assert.equal(kernel.lines.length, 12);
  kernel.lines.forEach((line, pass) => assert.match(line, new RegExp(`^q=${pass} bad=<.*null pointer.*> after=${500 - pass}$`), line));
});

test('a logpoint with a condition and a hit condition prints the hits the kernel counts', { timeout: 120_000 }, async () => {
  const [kernel] = await bothPaths({ logMessage: 'hit at {pass}', condition: 'pass > 20', hitCondition: '% 10' }, 60, 'hit at ');
  assert.deepEqual(kernel.lines, ['hit at 30', 'hit at 40', 'hit at 50']);
});

test('a message the kernel cannot read says why once and is printed by the debugger', { timeout: 120_000 }, async () => {
  const run = await withDebugClient((client) => logRun(client, { logMessage: 'w={pass} ratio={ratio}' }, 8, 'w='));
  assert.match(
    run.breakpoint.message ?? '',
    /Log message formatted by the debugger.*'ratio' is floating point|formatted by the debugger .*(BPF|uprobe)/,
    JSON.stringify(run.breakpoint),
  );
  assert.equal(run.console.split('\n').filter((line) => /Log message formatted by the debugger/.test(line)).length, 1, run.console);
  assert.equal(run.lines.length, 8);
  run.lines.forEach((line, pass) => assert.ok(line.startsWith(`w=${pass} ratio=`), line));
});

test('with a ring buffer too small to keep up, each record is printed in order or counted as lost', { timeout: 120_000 }, async () => {
  const turns = 50_000;
  await withDebugClient(
    async (client) => {
      await client.launchWithBreakpoints({ program: fixtureBinary('loop'), args: [String(turns)] }, [], async () => {
        const [breakpoint] = await client.setSourceBreakpoints(loopSource, [{ line: loopBodyLine, logMessage: 'i={i}' }]);
        assert.equal(breakpoint.verified, true, JSON.stringify(breakpoint));
      });
      await client.waitFor('exited', () => true, 90_000);
      await client.waitForOutput('stdout', `total=${(turns * (turns - 1)) / 2}\n`);
      const console = client.outputText('console');
      const printed = console
        .split('\n')
        .filter((line) => line.startsWith('i='))
        .map((line) => Number(line.slice(2)));
      const lost = [...console.matchAll(/(\d+) log message\(s\) lost: the kernel's ring buffer was full/g)].reduce((sum, match) => sum + Number(match[1]), 0);
      assert.equal(printed.length + lost, turns, `printed ${printed.length}, said lost ${lost}`);
      const unordered = printed.findIndex((value, k) => k > 0 && value <= printed[k - 1]);
      assert.equal(unordered, -1, `line ${unordered} out of order`);
    },
    { ...process.env, REWIND_LOG_RING_BYTES: '4096' },
  );
});
