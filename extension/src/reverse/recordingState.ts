// What the extension knows about a session's recording, from the adapter's
// `rewindRecording` custom event: whether one exists, the replay position
// and the history size. Pure data and text, no `vscode` here, so it can be
// tested without VS Code.

import type { NativeRecordingInfo } from '../../../adapter/src/helper/protocol';
import type { RecordingState } from '../../../adapter/src/customRequests';

/** The `rewindRecording` event's body (RewindCustomEvents). */
export type RecordingEventBody = RecordingState;

/** Which engine records (launch argument recordEngine) and, for the native engine, its log. */
export type EngineState = NativeRecordingInfo;

function count(value: number | undefined, noun: string): string {
  return `${(value ?? 0).toLocaleString('en-US')} ${noun}`;
}

export function statusText(state: RecordingEventBody): string {
  const native = state.native;
  if (native?.engine === 'native') {
    const figures = `${count(native.events, 'events')} · ${count(native.checkpoints, 'checkpoints')}`;
    return native.active ? `$(record) Rewind: native · ${figures}` : `$(circle-outline) Rewind: native recording ended · ${figures}`;
  }
  if (!state.recording) return '$(circle-outline) Rewind: not recording';
  const size = state.size ?? 0;
  const position = state.position ?? size;
  const where = position >= size ? 'live' : `history ${position.toLocaleString('en-US')}/${size.toLocaleString('en-US')}`;
  const dropped = state.dropped ? ` (${state.dropped.toLocaleString('en-US')} older dropped)` : '';
  return `$(record) Rewind: ${where} · ${size.toLocaleString('en-US')} instructions${dropped}`;
}

export function statusTooltip(state: RecordingEventBody): string {
  const native = state.native;
  if (native?.engine === 'native') {
    if (!native.active) return `Native recording ended: ${native.stopReason ?? 'the program ended'}. The program runs on live.`;
    return 'Recording at native speed: system calls, rdtsc and cpuid are logged and the program is checkpointed. Reverse (reverse-continue) replays it from a checkpoint; your own steps are recorded exactly, so the step-back buttons go back through them until the program runs on (recordEngine "step" steps back anywhere).';
  }
  if (!state.recording) return 'Rewind is not recording this program. Click to start recording.';
  const limit = state.limit ? ` (keeps the last ${state.limit.toLocaleString('en-US')})` : '';
  const engine = native?.engineReason ? ` Single-step recorder: ${native.engineReason}.` : '';
  return `Recording${limit}. Step Back, Reverse and the reverse step buttons travel through the history.${engine} Click to stop recording.`;
}
