// The Rewind language server over stdio, without VS Code: a real recorded
// session of the `reverse` fixture (recording from main, stopped at #DONE)
// is driven through the adapter, and the server — which reaches that
// session only through its `rewind/dap` requests, as in an editor — must
// give inline values of main's locals from the DWARF scopes, execution
// counts per line, faded never-ran lines, per-function code lenses that
// travel, and a hover with the value and the last writes of a variable,
// whose links travel to those writes. Without a recording it shows
// nothing but the value now, and says why.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-protocol';
import { travelCommand } from '../../lsp/src/messages';
import { withDebugClient, type RewindDebugClient } from '../support/dapClient';
import { withLanguageServer, type LanguageServerClient } from '../support/languageServerClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { local, recordTo } from '../support/reverseTravel';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('reverse', 'main.c');
/** 0-based (LSP) line of a marker. */
const line = (marker: string): number => markerLine(source, marker) - 1;
const sourceLines = (): string[] => fs.readFileSync(source, 'utf8').split('\n');
const wholeFile = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };

async function recordedSession(body: (debug: RewindDebugClient, server: LanguageServerClient, uri: string, threadId: number) => Promise<void>): Promise<void> {
  await withDebugClient(async (debug) => {
    const threadId = await recordTo(debug, 'reverse', source, 'DONE');
    await withLanguageServer(debug, async (server) => {
      const uri = await server.open(source, 'c');
      await body(debug, server, uri, threadId);
    });
  });
}

/** The `command:` links of a hover, as [index, label]. */
function travelLinks(markdown: string): Array<{ index: number; label: string }> {
  const links = [...markdown.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]+)\)/g)];
  return links.map((match) => {
    assert.equal(match[2], travelCommand);
    const args = JSON.parse(decodeURIComponent(match[3])) as unknown[];
    assert.equal(args.length, 1);
    return { index: args[0] as number, label: match[1] };
  });
}

test("inline values name the stopped frame's locals where they stand, from their declaration on", { timeout: testTimeoutMs }, async () => {
  await recordedSession(async (debug, server, uri, threadId) => {
    const frame = await debug.topFrame(threadId);
    const values = await server.inlineValues(uri, wholeFile, frame.id, line('DONE'));
    const at = (marker: string): string[] => values.filter((value) => value.range.start.line === line(marker)).map((value) => value.variableName ?? '');
    assert.deepEqual(at('MAIN_START'), ['a']);
    assert.deepEqual(at('CALL_SQUARE'), ['b', 'a']);
    assert.deepEqual(at('AFTER_SQUARE'), ['c', 'b']);
    assert.deepEqual(at('CALL_DEPTH'), ['d']);
    // `counter` and `message` are globals, `i` belongs to a block that is over,
    // `x` and `result` to another function: none of them is a local of main here.
    assert.deepEqual(at('LOOP_WRITE'), []);
    assert.deepEqual(at('READ'), ['fds']);
    assert.deepEqual(at('SQUARE_BODY'), [], 'nothing before main');
    const done = values.find((value) => value.range.start.line === line('DONE') && value.variableName === 'b');
    assert.ok(done, 'b on the stopped line');
    const text = sourceLines()[line('DONE')];
    assert.equal(text.slice(done.range.start.character, done.range.end.character), 'b', 'the range covers the name');
    // Each name is one the editor finds among the frame's variables.
    const locals = await debug.locals(frame.id);
    for (const value of values) assert.ok(locals.has(value.variableName ?? ''), `${value.variableName} is a local of the frame`);
  });
});

test("inlay hints count each line's runs in the recording, and lines that never ran are faded", { timeout: testTimeoutMs }, async () => {
  await recordedSession(async (_debug, server, uri) => {
    const hints = await server.inlayHints(uri, wholeFile);
    const label = (zeroBasedLine: number): string | undefined => hints.find((hint) => hint.position.line === zeroBasedLine)?.label;
    assert.equal(label(line('LOOP_WRITE')), 'ran 5×');
    assert.equal(label(line('DEPTH_TEST')), 'ran 4×', 'depth(3) … depth(0)');
    assert.equal(label(line('SQUARE_BODY')), 'ran 1×');
    assert.equal(label(line('PIPE') + 1), 'never ran', '`return 1;` after a pipe that worked');
    assert.equal(label(line('SQUARE_END') + 1), undefined, 'no hint on a line without code');
    const diagnostics = await server.debugChanged(uri);
    const faded = diagnostics.filter((diagnostic) => diagnostic.tags?.includes(DiagnosticTag.Unnecessary)).map((diagnostic) => diagnostic.range.start.line);
    assert.ok(faded.includes(line('PIPE') + 1), 'the never-ran line is faded');
    assert.ok(!faded.includes(line('LOOP_WRITE')), 'a line that ran is not');
  });
});

test("a function's code lens travels to its first and last call", { timeout: testTimeoutMs }, async () => {
  await recordedSession(async (debug, server, uri, threadId) => {
    const lenses = await server.codeLenses(uri);
    const depthLenses = lenses.filter((lens) => lens.range.start.line === line('DEPTH_TEST') - 2);
    assert.equal(depthLenses.length, 2, `depth's lenses: ${JSON.stringify(lenses)}`);
    assert.match(depthLenses[0].command?.title ?? '', /^called 4× · first call #[\d,]+ — travel$/);
    assert.match(depthLenses[1].command?.title ?? '', /^last call #[\d,]+ — travel$/);
    const squareLens = lenses.filter((lens) => lens.range.start.line === line('SQUARE_BODY') - 2);
    assert.match(squareLens[0]?.command?.title ?? '', /^called 1× · first call/);
    const last = depthLenses[1].command!;
    assert.equal(last.command, travelCommand);
    await server.executeCommand(last.command, last.arguments ?? []);
    const stopped = await debug.waitForStopped();
    assert.equal(stopped.body.reason, 'goto');
    const frame = await debug.topFrame(stopped.body.threadId ?? threadId);
    assert.match(frame.name, /^depth\b/);
    const depths = (await debug.frames(stopped.body.threadId ?? threadId)).filter((candidate) => /^depth\b/.test(candidate.name));
    assert.equal(depths.length, 4, 'the last call is depth(0), under depth(3), depth(2) and depth(1)');
  });
});

test("a hover shows a variable's value and its last writes, and a write's link travels there", { timeout: testTimeoutMs }, async () => {
  await recordedSession(async (debug, server, uri, threadId) => {
    const column = sourceLines()[line('LOOP_WRITE')].indexOf('counter');
    const hover = await server.hover(uri, line('LOOP_WRITE'), column + 2);
    assert.ok(hover, 'a hover over counter');
    const markdown = hover.contents.value;
    assert.match(markdown, /`counter` = `15`/);
    const links = travelLinks(markdown);
    assert.equal(links.length, 5, `five writes: ${markdown}`);
    const indices = links.map((link) => link.index);
    assert.deepEqual(
      [...indices].sort((a, b) => b - a),
      indices,
      'newest first',
    );
    assert.equal(new Set(indices).size, 5);
    const rows = markdown.split('\n').filter((row) => row.startsWith('- '));
    assert.equal(rows.filter((row) => row.includes(`line ${line('LOOP_WRITE') + 1}`)).length, 5, 'each write is on the loop line');
    assert.deepEqual(
      rows.map((row) => /→ `([^`]*)`/.exec(row)?.[1]),
      ['15', '10', '6', '3', '1'],
      'the value each write left',
    );
    // The newest write's link: the program stops at the instruction that writes 15.
    await server.executeCommand(travelCommand, [links[0].index]);
    const stopped = await debug.waitForStopped();
    const frame = await debug.topFrame(stopped.body.threadId ?? threadId);
    assert.equal(frame.line, line('LOOP_WRITE') + 1);
    assert.equal(await debug.evaluateIn(frame.id, 'counter'), '10', 'just before the write of 15');
    assert.equal(await local(debug, frame.id, 'i'), '5');
    // A name that is no variable of the frame that runs this file gives no hover.
    const resultColumn = sourceLines()[line('SQUARE_BODY')].indexOf('result');
    assert.equal(await server.hover(uri, line('SQUARE_BODY'), resultColumn + 1), null, "square's `result` is not main's");
  });
});

test('without a recording the server shows nothing, and a travel with no position is refused by name', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (debug) => {
    await debug.launchToStop({ program: fixtureBinary('reverse') }, [{ source, lines: [line('DONE') + 1] }]);
    await withLanguageServer(debug, async (server) => {
      const uri = await server.open(source, 'c');
      assert.deepEqual(await server.inlayHints(uri, wholeFile), []);
      assert.deepEqual(await server.codeLenses(uri), []);
      assert.deepEqual(await server.debugChanged(uri), [], 'no faded lines');
      assert.ok(server.dapCommands.includes('lineExecutionCounts'), 'the server did ask the session');
      const hover = await server.hover(uri, line('DONE'), sourceLines()[line('DONE')].indexOf(' b,') + 1);
      assert.match(hover?.contents.value ?? '', /`b` = `9`/, 'the value now');
      assert.match(hover?.contents.value ?? '', /No write history: .*Nothing was recorded/);
      await assert.rejects(server.executeCommand(travelCommand, ['soon']), /needs a history position/);
    });
  });
});
