// The Debug Adapter Protocol's wire format: each message is JSON after a
// `Content-Length: N\r\n\r\n` header. The reader takes bytes as they come
// and gives back whole messages; encode does the reverse. No `vscode` here.

export type DapMessage = { seq: number; type: string; [key: string]: unknown };

const separator = Buffer.from('\r\n\r\n');

export class DapMessageReader {
  private buffered = Buffer.alloc(0);
  private contentLength = -1;

  /** Adds bytes; returns every message they complete, in order. */
  push(chunk: Buffer): DapMessage[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const messages: DapMessage[] = [];
    for (;;) {
      if (this.contentLength < 0) {
        const end = this.buffered.indexOf(separator);
        if (end < 0) break;
        const header = this.buffered.subarray(0, end).toString('ascii');
        const length = /Content-Length:\s*(\d+)/i.exec(header);
        this.buffered = this.buffered.subarray(end + separator.length);
        if (!length) throw new Error(`a DAP message header without Content-Length: ${JSON.stringify(header)}`);
        this.contentLength = Number(length[1]);
      }
      if (this.buffered.length < this.contentLength) break;
      const body = this.buffered.subarray(0, this.contentLength).toString('utf8');
      this.buffered = this.buffered.subarray(this.contentLength);
      this.contentLength = -1;
      messages.push(JSON.parse(body) as DapMessage);
    }
    return messages;
  }
}

export function encodeDapMessage(message: unknown): string {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}
