// Shared by the reverse-execution tests: launch a fixture recording from
// main and stop at a marker, send a travel request and wait for its stop,
// and read the recording's state.
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RecordingState } from '../../adapter/src/customRequests';
import { named, type RewindDebugClient } from './dapClient';
import { markerLine } from './markers';
import { fixtureBinary } from './paths';

/** The recording as `recordingInfo` answers it (adapter/src/customRequests.ts). */
export type RecordingInfo = RecordingState;

/** Launches `fixture` recording from main, stops at `marker` of `source`, then clears that breakpoint. */
export async function recordTo(
  client: RewindDebugClient,
  fixture: string,
  source: string,
  marker: string,
  options: { recordLimit?: number; args?: string[]; recordEngine?: 'native' | 'step' } = {},
): Promise<number> {
  const { stopped } = await client.launchToStop({ program: fixtureBinary(fixture), record: 'fromMain', ...options }, [
    { source, lines: [markerLine(source, marker)] },
  ]);
  assert.equal(stopped.body.reason, 'breakpoint', `stopped at #${marker}`);
  await client.setLineBreakpoints(source, []);
  return stopped.body.threadId ?? 0;
}

/** Sends a travel (stepBack, reverseContinue, travelTo… or a forward request) and waits for its stop. */
export async function travel(
  client: RewindDebugClient,
  command: string,
  args: Record<string, unknown>,
): Promise<{ stopped: DebugProtocol.StoppedEvent; frame: DebugProtocol.StackFrame }> {
  const response = await client.sendForResponse(command, args);
  assert.ok(response.success, `${command} succeeds: ${response.message}`);
  const stopped = await client.waitForStopped();
  const threadId = stopped.body.threadId ?? (args.threadId as number);
  return { stopped, frame: await client.topFrame(threadId) };
}

export async function recordingInfo(client: RewindDebugClient): Promise<RecordingInfo> {
  const response = await client.sendForResponse('recordingInfo', {});
  assert.ok(response.success, `recordingInfo succeeds: ${response.message}`);
  return response.body as RecordingInfo;
}

/** The value of a local or argument of the frame. */
export async function local(client: RewindDebugClient, frameId: number, name: string): Promise<string> {
  return named(await client.locals(frameId), name).value;
}
