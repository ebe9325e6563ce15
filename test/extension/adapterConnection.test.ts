// The extension's connection to the adapter (no VS Code needed): DAP
// framing survives messages split and joined at any byte, and the
// connection serves the adapter's runInTerminal itself with a node-pty
// terminal — the program started there reads what is typed and its exit
// comes back as DAP events — while every other message passes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IPty } from 'node-pty';
import { AdapterConnection } from '../../extension/src/terminal/adapterConnection';
import { DapMessageReader, encodeDapMessage, type DapMessage } from '../../extension/src/terminal/dapFraming';
import { spawnInPty } from '../../extension/src/terminal/ptyProcess';
import { adapterScript, fixtureBinary } from '../support/paths';
import { eventually } from '../support/processes';
import { testTimeoutMs, waitTimeoutMs } from '../support/timeouts';

test('DAP framing reads messages split at every byte and several in one chunk', () => {
  const messages = [
    { seq: 1, type: 'event', event: 'output', body: { output: 'héllo\r\n' } },
    { seq: 2, type: 'response', success: true },
  ];
  const bytes = Buffer.from(messages.map(encodeDapMessage).join(''), 'utf8');
  const oneByOne = new DapMessageReader();
  const read: DapMessage[] = [];
  for (let i = 0; i < bytes.length; i++) read.push(...oneByOne.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(read, messages);
  assert.deepEqual(new DapMessageReader().push(bytes), messages);
  assert.throws(() => new DapMessageReader().push(Buffer.from('Content-Type: x\r\n\r\n{}')), /without Content-Length/);
});

test('the connection serves runInTerminal with a node-pty terminal and passes the rest through', { timeout: testTimeoutMs }, async () => {
  const seen: DapMessage[] = [];
  let terminal: IPty | undefined;
  let shown = '';
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  const connection = new AdapterConnection({
    command: process.execPath,
    args: [adapterScript],
    env,
    toEditor: (message) => seen.push(message),
    answerLocally: (request) => {
      if (request.command !== 'runInTerminal') return undefined;
      const args = request.arguments as { args: string[]; cwd: string; env?: Record<string, string | null> };
      terminal = spawnInPty(args);
      terminal.onData((text) => (shown += text));
      return { body: { processId: terminal.pid } };
    },
  });
  const waitFor = async (what: string, found: () => boolean): Promise<void> => {
    assert.ok(await eventually(found, waitTimeoutMs), `${what}; seen: ${JSON.stringify(seen.slice(-5))}; terminal: ${JSON.stringify(shown)}`);
  };
  try {
    connection.toAdapter({
      seq: 1,
      type: 'request',
      command: 'initialize',
      arguments: { adapterID: 'rewind', pathFormat: 'path', supportsRunInTerminalRequest: true },
    });
    connection.toAdapter({ seq: 2, type: 'request', command: 'launch', arguments: { program: fixtureBinary('interactive'), console: 'integratedTerminal' } });
    await waitFor('the adapter sends initialized', () => seen.some((message) => message.event === 'initialized'));
    assert.ok(!seen.some((message) => message.type === 'request'), 'runInTerminal was answered by the connection, not passed on');
    assert.ok(
      seen.some((message) => message.command === 'launch' && message.success === true),
      'launch succeeded',
    );
    connection.toAdapter({ seq: 3, type: 'request', command: 'configurationDone' });
    await waitFor('the program asks for a name in the terminal', () => shown.includes('name? '));
    assert.match(shown, /stdin is a tty/);
    terminal?.write('Linus\r');
    await waitFor('the program exits', () => seen.some((message) => message.event === 'exited'));
    const exited = seen.find((message) => message.event === 'exited') as DapMessage & { body: { exitCode: number } };
    assert.equal(exited.body.exitCode, 4);
    await waitFor('the greeting shows in the terminal', () => shown.includes('hello, Linus'));
    connection.toAdapter({ seq: 4, type: 'request', command: 'disconnect', arguments: {} });
    await waitFor('disconnect is answered', () => seen.some((message) => message.command === 'disconnect'));
  } finally {
    connection.end();
    terminal?.kill();
  }
});
