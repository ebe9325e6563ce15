// A copy of every message between the adapter and rewind-helper, for the
// DAP tests: when $REWIND_HELPER_TRAFFIC names a file, each request the
// adapter sends and each response and event the helper writes is appended
// to it as one JSON line ({kind, command, args} or {kind, command,
// message}). The DAP test driver checks every line against the protocol's
// schema (test/support/dapClient.ts) and fails the test on a message the
// schema does not allow. Without the variable nothing is written, and the
// adapter carries no schema validator either way.
import fs from 'node:fs';

export type TracedMessage =
  | { kind: 'request'; command: string; args: unknown }
  | { kind: 'response'; command: string; message: unknown }
  | { kind: 'event'; message: unknown };

export class ProtocolTrace {
  private constructor(private readonly file: string) {}

  /** The trace $REWIND_HELPER_TRAFFIC asks for, or undefined (the normal case). */
  static fromEnvironment(): ProtocolTrace | undefined {
    const file = process.env.REWIND_HELPER_TRAFFIC;
    return file ? new ProtocolTrace(file) : undefined;
  }

  write(message: TracedMessage): void {
    fs.appendFileSync(this.file, JSON.stringify(message) + '\n');
  }
}
