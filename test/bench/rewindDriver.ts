// rewindDriver: drives Rewind's adapter over DAP for the benchmark, with the
// test suite's DebugClient wrapper, and times requests against the events
// they cause.
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient } from '../support/dapClient';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface RewindRun {
  client: RewindDebugClient;
  startedAt: number; // before the adapter process was spawned
  firstStop: DebugProtocol.StoppedEvent;
  firstStopAt: number;
}

// Starts the adapter, launches `program` with one line breakpoint and waits
// for the first stop. The caller must call client.stopSession().
export async function launchToBreakpoint(program: string, args: string[], source: string, line: number): Promise<RewindRun> {
  const startedAt = nowMs();
  const client = new RewindDebugClient(process.env, false); // timings: without the test-only schema check
  await client.startAdapter();
  const { stopped } = await client.launchToStop({ program, args }, [{ source, lines: [line] }]);
  return { client, startedAt, firstStop: stopped, firstStopAt: nowMs() };
}

// Time from sending `command` to the stopped event it causes (waiting up to timeoutMs).
export async function timeToStop(client: RewindDebugClient, command: string, args: object, timeoutMs = 10_000): Promise<number> {
  const waiting = client.waitFor('stopped', () => true, timeoutMs);
  const sentAt = nowMs();
  await client.send(command, args);
  await waiting;
  return nowMs() - sentAt;
}
