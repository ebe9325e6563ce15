// Through the adapter: `breakpointLocations` gives each statement of a line
// (its column), and a breakpoint set at one of them (VS Code's inline
// breakpoint) stops at that statement only, after the ones before it on the
// line have run; a column where no statement starts is the whole line, and
// the breakpoint says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('statements', 'main.c');
const line = markerLine(source, 'THREE_STATEMENTS');
const text = fs.readFileSync(source, 'utf8').split('\n')[line - 1];
const columnOf = (piece: string): number => text.indexOf(piece) + 1;

test('breakpointLocations lists the statements of a line; a breakpoint at one column stops at that statement', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { stopped } = await client.launchToStop({ program: fixtureBinary('statements') }, [{ source, lines: [line] }]);
    assert.equal(client.capabilities.supportsBreakpointLocationsRequest, true);
    const threadId = stopped.body.threadId ?? 0;
    const answer = (await client.send('breakpointLocations', { source: { path: source }, line })) as DebugProtocol.BreakpointLocationsResponse;
    const locations = answer.body.breakpoints;
    assert.ok(
      locations.every((location) => location.line === line),
      JSON.stringify(locations),
    );
    const columns = locations.map((location) => location.column ?? 0);
    assert.ok(columns.includes(columnOf('step(1)')), `the call is a statement: ${columns}`);
    assert.ok(
      columns.some((column) => column < columnOf('step(1)')),
      `a += i is one: ${columns}`,
    );
    const third = columns.find((column) => column >= columnOf('b += '));
    assert.ok(third !== undefined, `b += 2 * i is one: ${columns}`);
    assert.deepEqual(
      [...columns].sort((x, y) => x - y),
      columns,
      'in order',
    );

    const [atThird] = await client.setSourceBreakpoints(source, [{ line, column: third }]);
    assert.equal(atThird.verified, true, atThird.message);
    assert.equal(atThird.column, third);
    // The first pass was stopped at the line's start; the inline breakpoint stops in the same pass, after step(1).
    const seen: string[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const next = await client.continueToStop(threadId);
      assert.deepEqual(next.body.hitBreakpointIds, [atThird.id]);
      const frame = await client.topFrame(threadId);
      assert.equal(frame.line, line);
      assert.equal(frame.column, third);
      seen.push(`${await client.evaluateIn(frame.id, 'i')}:${await client.evaluateIn(frame.id, 'steps')}`);
    }
    assert.deepEqual(seen, ['0:1', '1:2']);

    // No statement starts at column 1: the whole line, said so.
    const [whole] = await client.setSourceBreakpoints(source, [{ line, column: 1 }]);
    assert.equal(whole.verified, true);
    assert.equal(whole.column, undefined);
    assert.match(whole.message ?? '', new RegExp(`No statement starts at column 1 of line ${line}: the breakpoint is on the whole line`));
    const wholeStop = await client.continueToStop(threadId);
    assert.deepEqual(wholeStop.body.hitBreakpointIds, [whole.id]);
    assert.notEqual(whole.id, atThird.id, 'another column, another breakpoint');
    const frame = await client.topFrame(threadId);
    assert.equal(`${await client.evaluateIn(frame.id, 'i')}:${await client.evaluateIn(frame.id, 'steps')}`, '2:2', 'at the start of the third pass');
  });
});

test('breakpointLocations over a range, narrowed by columns; a line without code has none', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program: fixtureBinary('statements') }, [{ source, lines: [line] }]);
    const ask = async (args: Omit<DebugProtocol.BreakpointLocationsArguments, 'source'>) =>
      ((await client.send('breakpointLocations', { source: { path: source }, ...args })) as DebugProtocol.BreakpointLocationsResponse).body.breakpoints;
    const range = await ask({ line: line - 1, endLine: line + 2 });
    assert.deepEqual([...new Set(range.map((location) => location.line))], [line - 1, line, line + 2], JSON.stringify(range));
    const narrowed = await ask({ line, column: columnOf('step(1)'), endLine: line, endColumn: columnOf('step(1)') });
    assert.deepEqual(narrowed, [{ line, column: columnOf('step(1)') }]);
    assert.deepEqual(await ask({ line: line + 1 }), [], 'the closing brace has no code');
  });
});
