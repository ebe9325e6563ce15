// End-to-end: a person debugs the C example examples/c/average.c in a real VS
// Code (code-server in headless chromium) with Rewind loaded from the
// checkout. They open the file, click the gutter to set a breakpoint, press
// F5, and read the stopped line, the call stack and the variables; then they
// step over and stop debugging. Screenshots of every step land in
// test-artifacts/e2e/debug-a-c-program-.../.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { withVsCode } from './support/vsCodeSession';
import { lineContaining } from './support/examplesWorkspace';

const e2eTimeoutMs = 5 * 60_000;

test('debug a C program: gutter breakpoint, F5, call stack, variables, step over', { timeout: e2eTimeoutMs }, async () => {
  await withVsCode('debug a C program', {}, async ({ workbench, workspace, url }) => {
    const source = path.join(workspace.folder, 'c', 'average.c');
    const breakpointLine = lineContaining(source, 'double mean = (double)total / count;');
    const nextLine = lineContaining(source, 'return mean;');

    await workbench.open(url);
    await workbench.snap('workbench ready');

    await workbench.openFile('c/average.c');
    await workbench.snap('average.c open');

    await workbench.clickGutter(breakpointLine);
    await workbench.waitForBreakpointGlyph(breakpointLine);
    await workbench.snap(`breakpoint on line ${breakpointLine}`);

    await workbench.pressF5();
    await workbench.waitForDebugToolbar();
    const stoppedLine = await workbench.waitForStoppedLine();
    await workbench.snap('stopped at the breakpoint');
    assert.equal(stoppedLine, breakpointLine, 'the editor highlights the breakpoint line as the stopped line');

    const frames = await workbench.callStackRows((rows) => rows.some((row) => /\bmain\b/.test(row)));
    await workbench.snap('call stack');
    assert.match(frames[0] ?? '', /\baverage\b/, `the top frame is average(); rows: ${JSON.stringify(frames)}`);
    assert.ok(frames.findIndex((row) => /\bmain\b/.test(row)) > 0, `main() is below average() in the call stack; rows: ${JSON.stringify(frames)}`);
    assert.match(frames[0], /average\.c/, 'the top frame names its source file');

    // 85 + 77 + 62: the loop skipped the first score, which is the example's bug.
    await workbench.expandScope('Locals');
    const variables = await workbench.variablesRows((rows) => rows.some((row) => /^total\b/.test(row)));
    await workbench.snap('variables');
    const totalRow = variables.find((row) => /^total\b/.test(row));
    assert.match(totalRow ?? '', /^total\s*[:=]?\s*224\b/, `the variables view shows total = 224; rows: ${JSON.stringify(variables)}`);
    const countRow = variables.find((row) => /^count\b/.test(row));
    assert.match(countRow ?? '', /^count\s*[:=]?\s*4\b/, `the variables view shows count = 4; rows: ${JSON.stringify(variables)}`);

    await workbench.clickDebugButton('Step Over');
    const afterStep = await workbench.waitForStoppedLine(nextLine, 30_000);
    assert.equal(afterStep, nextLine, 'Step Over moves the stopped line to the next line');
    const meanRows = await workbench.variablesRows((rows) => rows.some((row) => /^mean\s*[:=]?\s*56\b/.test(row)));
    await workbench.snap('after step over');
    assert.ok(
      meanRows.some((row) => /^mean\s*[:=]?\s*56\b/.test(row)),
      'after the step, mean = 224 / 4 = 56',
    );

    // Without a recording the adapter must not offer stepping back (the
    // recording story is in reverseDebugging.test.ts).
    assert.equal(await workbench.isDebugButtonShown('Step Back'), false, 'no Step Back button without a recording');

    await workbench.clickDebugButton('Stop');
    await workbench.waitForDebugEnd();
    await workbench.snap('debugging stopped');
  });
});
