// AdapterConnection: runs the debug adapter (`node out/adapter.js`) as a
// child process and passes DAP messages both ways, so that the extension
// can answer some of the adapter's reverse requests itself — runInTerminal
// with a node-pty terminal — and pass everything else to the editor
// unchanged. When the adapter ends unexpectedly the editor is told (an
// output line with its last log lines, then `terminated`). No `vscode`
// here: the extension wraps it in a vscode.DebugAdapter, and tests drive it
// directly.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { DapMessageReader, encodeDapMessage, type DapMessage } from './dapFraming';

/** An answer the extension gives to one of the adapter's requests instead of the editor. */
export type LocalAnswer = { body: unknown } | { error: string };

export interface AdapterConnectionOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Messages for the editor. */
  toEditor: (message: DapMessage) => void;
  /** A reverse request from the adapter: answer it here, or undefined to pass it to the editor. */
  answerLocally?: (request: DapMessage) => LocalAnswer | undefined;
}

const logLines = 20;

export class AdapterConnection {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader = new DapMessageReader();
  private readonly log: string[] = [];
  private ending = false;
  private nextSeq = 1;

  constructor(private readonly options: AdapterConnectionOptions) {
    this.child = spawn(options.command, options.args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) this.fromAdapter(message);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => {
      this.log.push(...text.split('\n').filter((line) => line.trim() !== ''));
      this.log.splice(0, Math.max(0, this.log.length - logLines));
    });
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => this.adapterGone(`could not be started (${error.message})`));
    this.child.on('exit', (code, signal) => this.adapterGone(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** A message from the editor to the adapter. */
  toAdapter(message: unknown): void {
    // After `disconnect` the adapter ends by itself: that is no news.
    const request = message as Partial<DapMessage>;
    if (request.type === 'request' && request.command === 'disconnect') this.ending = true;
    if (!this.child.stdin.destroyed) this.child.stdin.write(encodeDapMessage(message));
  }

  /** Ends the adapter (the editor is done with the session). */
  end(): void {
    this.ending = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  private fromAdapter(message: DapMessage): void {
    const answer = message.type === 'request' ? this.options.answerLocally?.(message) : undefined;
    if (!answer) {
      this.options.toEditor(message);
      return;
    }
    const response: Record<string, unknown> = {
      seq: this.nextSeq++,
      type: 'response',
      request_seq: message.seq,
      command: message.command,
      success: 'body' in answer,
    };
    if ('body' in answer) response.body = answer.body;
    else response.message = answer.error;
    this.toAdapter(response);
  }

  private adapterGone(how: string): void {
    if (this.ending) return;
    this.ending = true;
    const tail = this.log.length > 0 ? ` Its last log lines:\n${this.log.join('\n')}` : '';
    this.options.toEditor({
      seq: this.nextSeq++,
      type: 'event',
      event: 'output',
      body: { category: 'console', output: `The Rewind debug adapter ${how}.${tail}\n` },
    });
    this.options.toEditor({ seq: this.nextSeq++, type: 'event', event: 'terminated', body: {} });
  }
}
