// Through the adapter: where the program's input and output go (`console`).
// With "integratedTerminal" or "externalTerminal" the adapter asks the
// client to run Rewind's launcher in a terminal (runInTerminal; the test
// client serves it with the extension's node-pty code) and the program owns
// that terminal: it sees a tty, reads what is typed, and its output shows
// there. With "internalConsole" the output comes as output events and the
// Debug Console says once that stdin is not connected. A client without
// terminals, a refused terminal, and a program that cannot start are each
// reported clearly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { DebugProtocol } from '@vscode/debugprotocol';
import type { LaunchArguments } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, fixturesOutput } from '../support/paths';
import { withTerminalClient } from '../support/terminalClient';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('interactive', 'main.c');
const greeted = markerLine(source, 'GREETED');

type ConsoleLaunch = LaunchArguments & { console: string };

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

test('integratedTerminal: the program sees a tty, reads what is typed, and its output shows in the terminal', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    const cwd = fs.realpathSync(os.tmpdir());
    const launch: ConsoleLaunch = { program: fixtureBinary('interactive'), console: 'integratedTerminal', cwd, env: { REWIND_TERMINAL_MARK: 'xyz' } };
    await client.launchWithBreakpoints(launch, [{ source, lines: [greeted] }]);
    assert.equal(client.terminalRequests.length, 1, 'one runInTerminal request');
    const [request] = client.terminalRequests;
    assert.equal(request.kind, 'integrated');
    assert.equal(request.cwd, cwd);
    await client.waitForTerminalText('name? ');
    assert.match(client.terminalText(), /stdin is a tty, stdout is a tty, mark xyz/);
    client.typeIntoTerminal('Ada\r');
    const stopped = await client.waitForStopped();
    const threadId = stopped.body.threadId ?? 0;
    const frame = await client.topFrame(threadId);
    assert.equal(frame.line, greeted);
    assert.match(await client.evaluateIn(frame.id, 'line'), /"Ada"/);
    await client.continueRequest({ threadId });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 4);
    await client.waitForTerminalText('hello, Ada');
    assert.equal(client.outputText('stdout'), '', "the program's output is in the terminal, not in output events");
    assert.equal(countOf(client.outputText('console'), 'stdin) is not connected'), 0);
  });
});

test('externalTerminal asks the client for an external terminal, and the program runs there', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    const launch: ConsoleLaunch = { program: fixtureBinary('interactive'), console: 'externalTerminal' };
    await client.launchWithBreakpoints(launch);
    assert.equal(client.terminalRequests[0]?.kind, 'external');
    await client.waitForTerminalText('name? ');
    client.typeIntoTerminal('Grace\r');
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 4);
    await client.waitForTerminalText('hello, Grace');
  });
});

test('internalConsole forwards the output and says once that stdin is not connected', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    await client.launchWithBreakpoints({ program: fixtureBinary('interactive') });
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 2, 'the program finds no input');
    assert.equal(client.terminalRequests.length, 0, 'no terminal');
    await client.waitForOutput('stdout', 'no input\n');
    assert.match(client.outputText('stdout'), /stdin is not a tty/);
    assert.equal(countOf(client.outputText('console'), 'stdin) is not connected'), 1);
  });
});

test('a client without runInTerminal gets the Debug Console, with a note that says so', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    const launch: ConsoleLaunch = { program: fixtureBinary('interactive'), console: 'integratedTerminal' };
    await client.launchWithBreakpoints(launch);
    const exited = (await client.waitFor('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 2);
    assert.equal(client.terminalRequests.length, 0);
    assert.match(client.outputText('console'), /does not run programs in a terminal/);
    await client.waitForOutput('stdout', 'no input\n');
  }, false);
});

test('a program that cannot start in the terminal: the launch fails and the terminal says why', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    const launch: ConsoleLaunch = { program: `${fixturesOutput}/not-elf`, console: 'integratedTerminal' };
    await assert.rejects(client.launchWithBreakpoints(launch), /not an ELF executable/);
    assert.equal(await client.waitForTerminalExit(), 1, 'the launcher gives up');
    assert.match(client.terminalText(), /Rewind: The program was not started: .*not an ELF executable/);
  });
});

test('a terminal the client refuses is a clear launch error', { timeout: testTimeoutMs }, async () => {
  await withTerminalClient(async (client) => {
    client.refuseTerminal = 'no terminals today';
    const launch: ConsoleLaunch = { program: fixtureBinary('interactive'), console: 'integratedTerminal' };
    await assert.rejects(client.launchWithBreakpoints(launch), /could not run the program in a terminal: no terminals today.*internalConsole/);
  });
});
