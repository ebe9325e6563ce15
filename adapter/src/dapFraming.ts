// Reads the Debug Adapter Protocol's byte stream (`Content-Length: N` header
// lines, a blank line, N bytes of UTF-8 JSON) and never gives up on it. The
// reader of @vscode/debugadapter ends the whole session at the first frame it
// cannot parse, and loses the next request after a bad header; this one
// reports each bad frame (with the request's seq when one can be read from
// it, so the client gets an error response) and goes on with the next:
// LF-only line endings are accepted, bytes before a header are skipped, a
// header whose length is missing, not a plain decimal, too large or given
// twice with different values is refused, as is a body that is not UTF-8,
// not JSON, or not a DAP message.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TextDecoder } from 'node:util';
import { preview as shortPreview } from './errors';

/** A frame that could not be used: what was wrong, and the request it seems to be. */
export interface FrameProblem {
  reason: string;
  /** The request's seq and command when they could be read from the bad frame. */
  seq?: number;
  command?: string;
}

export interface FrameSink {
  message(message: DebugProtocol.ProtocolMessage): void;
  problem(problem: FrameProblem): void;
}

/** The largest body accepted; a larger Content-Length is taken for a corrupt header. */
export const maxBodyBytes = 256 * 1024 * 1024;
const maxHeaderBytes = 8 * 1024;
const headerStart = /content-length\s*:/i;
const headerEnd = /\r?\n\r?\n/;
const preview = (text: string): string => shortPreview(text, 120);

/** The seq and command of a request whose frame is bad, read leniently from its text. */
function guessRequest(text: string): Pick<FrameProblem, 'seq' | 'command'> {
  const seq = /"seq"\s*:\s*(\d{1,15})\b/.exec(text)?.[1];
  const command = /"command"\s*:\s*"([A-Za-z0-9_]{1,64})"/.exec(text)?.[1];
  return seq === undefined ? {} : { seq: Number(seq), command: command ?? 'unknown' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class DapFrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** Why the last header was refused: bytes that follow it (its body) are reported with this reason. */
  private refusedHeader: string | undefined;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    // While a long body arrives, keep its chunks and join them once (not at every chunk).
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.bodyLength >= 0 && this.buffered.length + this.waitingBytes < this.bodyLength) return;
    this.buffered = Buffer.concat([this.buffered, ...this.waiting]);
    this.waiting = [];
    this.waitingBytes = 0;
    while (this.bodyLength >= 0 ? this.takeBody() : this.takeHeader());
  }

  private takeBody(): boolean {
    if (this.buffered.length < this.bodyLength) return false;
    const body = this.buffered.subarray(0, this.bodyLength);
    this.buffered = this.buffered.subarray(this.bodyLength);
    this.bodyLength = -1;
    this.deliver(body);
    return true;
  }

  private takeHeader(): boolean {
    // latin1 maps each byte to one character, so text offsets are byte offsets.
    const text = this.buffered.toString('latin1', 0, Math.min(this.buffered.length, 64 * 1024));
    const start = text.search(headerStart);
    if (start < 0) {
      const end = headerEnd.exec(text);
      if (end || this.buffered.length > maxHeaderBytes) {
        // Bytes that are no frame: skip them, keeping a tail that may begin a header.
        const skip = end ? end.index + end[0].length : this.buffered.length - 32;
        this.skip(skip);
        return true;
      }
      return false;
    }
    if (start > 0) {
      this.skip(start);
      return true;
    }
    const end = headerEnd.exec(text);
    if (!end) {
      if (this.buffered.length <= maxHeaderBytes) return false;
      this.refuseHeader('its header has no end (no blank line within 8 KiB)', 'content-length:'.length);
      return true;
    }
    const header = text.slice(0, end.index);
    const length = this.contentLength(header);
    if (typeof length === 'string') {
      this.refuseHeader(length, end.index + end[0].length);
      return true;
    }
    this.buffered = this.buffered.subarray(end.index + end[0].length);
    this.bodyLength = length;
    this.refusedHeader = undefined;
    return true;
  }

  /** The body length the header gives, or why it gives none. */
  private contentLength(header: string): number | string {
    const values = new Set<string>();
    for (const line of header.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') values.add(line.slice(colon + 1).trim());
    }
    if (values.size > 1) return `its header gives Content-Length twice with different values (${[...values].map((v) => preview(v)).join(', ')})`;
    const [value] = [...values];
    if (value === undefined || !/^\d{1,10}$/.test(value)) {
      return `its Content-Length ${JSON.stringify(preview(value ?? ''))} is not a whole number of bytes`;
    }
    const length = Number(value);
    if (length > maxBodyBytes) return `its Content-Length ${length} is more than the ${maxBodyBytes} bytes a request may have`;
    return length;
  }

  private refuseHeader(reason: string, consumed: number): void {
    const header = this.buffered.toString('latin1', 0, consumed);
    this.buffered = this.buffered.subarray(consumed);
    this.refusedHeader = reason;
    this.sink.problem({ reason: `A DAP frame was ignored: ${reason}. Header: ${preview(header)}` });
  }

  /** Drops bytes that belong to no frame; a request among them (the body of a refused header) gets its error. */
  private skip(count: number): void {
    const dropped = this.buffered.toString('latin1', 0, count);
    this.buffered = this.buffered.subarray(count);
    // Blank lines, and header lines (Content-Type…) before a Content-Length, are no news.
    if (dropped.trim() === '' || /^(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)+$/.test(dropped)) return;
    const why = this.refusedHeader ? `its frame was refused (${this.refusedHeader})` : 'they are not inside a DAP frame';
    this.refusedHeader = undefined;
    this.sink.problem({ reason: `${count} bytes were ignored: ${why}: ${preview(dropped)}`, ...guessRequest(dropped) });
  }

  private deliver(body: Buffer): void {
    let text: string;
    try {
      text = this.utf8.decode(body);
    } catch {
      this.sink.problem({ reason: 'The request is not valid UTF-8 text; DAP messages are UTF-8 JSON.', ...guessRequest(body.toString('latin1')) });
      return;
    }
    if (text.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.sink.problem({ reason: `The request is not valid JSON (${preview(detail)}): ${preview(text)}`, ...guessRequest(text) });
      return;
    }
    const problem = this.check(message);
    if (problem) this.sink.problem(problem);
    else this.sink.message(message as DebugProtocol.ProtocolMessage);
  }

  /** Why a parsed message cannot be handled, or undefined when it can. */
  private check(message: unknown): FrameProblem | undefined {
    if (!isRecord(message)) return { reason: `A DAP message must be a JSON object, not ${preview(JSON.stringify(message))}.` };
    const seq = message.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      return { reason: `A DAP message needs 'seq' as a whole number, not ${preview(JSON.stringify(seq) ?? 'nothing')}.` };
    }
    if (message.type === 'response') return undefined;
    if (message.type !== 'request') {
      return {
        reason: `Rewind takes DAP requests and responses; a message of type ${preview(JSON.stringify(message.type) ?? 'none')} was ignored.`,
        seq,
        command: 'unknown',
      };
    }
    if (typeof message.command !== 'string' || message.command === '') {
      return { reason: `The request needs 'command' as a string, not ${preview(JSON.stringify(message.command) ?? 'nothing')}.`, seq, command: 'unknown' };
    }
    const args = message.arguments;
    if (args !== undefined && args !== null && !isRecord(args)) {
      return {
        reason: `The arguments of '${preview(message.command)}' must be a JSON object, not ${preview(JSON.stringify(args))}.`,
        seq,
        command: message.command,
      };
    }
    return undefined;
  }
}

/**
 * The input stream as @vscode/debugadapter's ProtocolServer sees it when this
 * reader does the framing: its close and error events, without its data.
 */
export function withoutData(stream: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const view = {
    on(event: string, listener: (...args: unknown[]) => void) {
      if (event !== 'data') stream.on(event, listener);
      return view;
    },
    resume() {
      stream.resume();
      return view;
    },
  };
  return view as unknown as NodeJS.ReadableStream;
}
