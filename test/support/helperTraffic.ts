// The seam check every DAP test client shares: a fresh file for the adapter
// to copy its rewind-helper traffic into ($REWIND_HELPER_TRAFFIC, written by
// adapter/src/helper/protocolTrace.ts), and the messages in it that the
// protocol's schema does not allow. A client that starts the adapter sets
// the variable and fails its test when the list is not empty.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TracedMessage } from '../../adapter/src/helper/protocolTrace';
import { eventViolation, requestViolation, responseViolation } from './protocolSchema';

let trafficFiles = 0;

/** A new, unused traffic file name in the temporary folder. */
export function newTrafficFile(): string {
  return path.join(os.tmpdir(), `rewind-helper-traffic-${process.pid}-${++trafficFiles}.jsonl`);
}

/** `env` with the adapter told to copy its helper traffic to `file`. */
export function withTrafficFile(env: NodeJS.ProcessEnv, file: string): NodeJS.ProcessEnv {
  return { ...env, REWIND_HELPER_TRAFFIC: file };
}

/** The messages in `file` that the protocol's schema does not allow; the file is removed. None when the adapter wrote nothing. */
export function trafficViolations(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  fs.rmSync(file, { force: true });
  const violations: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const traced = JSON.parse(line) as TracedMessage;
    const violation =
      traced.kind === 'request'
        ? requestViolation(traced.command, traced.args)
        : traced.kind === 'response'
          ? responseViolation(traced.command, traced.message as Record<string, unknown>)
          : eventViolation(traced.message as Record<string, unknown>);
    if (violation) violations.push(violation);
  }
  return violations;
}

/** The assertion's message, shared by every client. */
export const trafficFollowsSchema = 'every message between the adapter and rewind-helper follows the protocol schema';
