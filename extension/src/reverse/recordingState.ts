// What the extension knows about a session's recording, from the adapter's
// `rewindRecording` custom event: whether one exists, the replay position
// and the history size. Pure data and text, no `vscode` here, so it can be
// tested without VS Code.

import type { RecordingState } from '../../../adapter/src/customRequests';

/** The `rewindRecording` event's body (RewindCustomEvents). */
export type RecordingEventBody = RecordingState;

export function statusText(state: RecordingEventBody): string {
  if (!state.recording) return '$(circle-outline) Rewind: not recording';
  const size = state.size ?? 0;
  const position = state.position ?? size;
  const where = position >= size ? 'live' : `history ${position.toLocaleString('en-US')}/${size.toLocaleString('en-US')}`;
  const dropped = state.dropped ? ` (${state.dropped.toLocaleString('en-US')} older dropped)` : '';
  return `$(record) Rewind: ${where} · ${size.toLocaleString('en-US')} instructions${dropped}`;
}

export function statusTooltip(state: RecordingEventBody): string {
  if (!state.recording) return 'Rewind is not recording this program. Click to start recording.';
  const limit = state.limit ? ` (keeps the last ${state.limit.toLocaleString('en-US')})` : '';
  return `Recording${limit}. Step Back, Reverse and the reverse step buttons travel through the history. Click to stop recording.`;
}
