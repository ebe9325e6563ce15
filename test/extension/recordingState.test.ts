// The status bar text of the reverse-execution controls, from the adapter's
// recording events (pure functions; VS Code is not needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusText, statusTooltip } from '../../extension/src/reverse/recordingState';

test('not recording says so and offers to start', () => {
  assert.match(statusText({ recording: false }), /not recording/);
  assert.match(statusTooltip({ recording: false }), /start recording/);
});

test('at the live end the status says live and the history size', () => {
  assert.equal(statusText({ recording: true, position: 5000, size: 5000 }), '$(record) Rewind: live · 5,000 instructions');
});

test('in the past the status shows the position in the history', () => {
  assert.equal(statusText({ recording: true, position: 1204, size: 50000 }), '$(record) Rewind: history 1,204/50,000 · 50,000 instructions');
  assert.match(statusTooltip({ recording: true, position: 1, size: 2, limit: 1000000 }), /keeps the last 1,000,000/);
});

test('past the recording limit the status counts the instructions dropped', () => {
  assert.equal(
    statusText({ recording: true, position: 1000, size: 1000, limit: 1000, dropped: 123456 }),
    '$(record) Rewind: live · 1,000 instructions (123,456 older dropped)',
  );
});

test('a native recording shows its engine, events and checkpoints, and why it ended', () => {
  const active = { recording: false, native: { engine: 'native' as const, active: true, events: 60123, checkpoints: 4 } };
  assert.equal(statusText(active), '$(record) Rewind: native · 60,123 events · 4 checkpoints');
  assert.match(statusTooltip(active), /native speed.*Reverse \(reverse-continue\) replays it.*your own steps are recorded exactly.*until the program runs on/);
  const ended = {
    recording: false,
    native: { engine: 'native' as const, active: false, events: 10, checkpoints: 1, stopReason: 'the program creates a thread' },
  };
  assert.equal(statusText(ended), '$(circle-outline) Rewind: native recording ended · 10 events · 1 checkpoints');
  assert.match(statusTooltip(ended), /Native recording ended: the program creates a thread/);
});

test('the single-step recorder says why it records where native was possible', () => {
  const state = { recording: true, position: 5, size: 5, native: { engine: 'step' as const, engineReason: 'recordEngine "auto" takes it' } };
  assert.equal(statusText(state), '$(record) Rewind: live · 5 instructions');
  assert.match(statusTooltip(state), /Single-step recorder: recordEngine "auto" takes it\./);
});
