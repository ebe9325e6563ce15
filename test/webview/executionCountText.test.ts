// The execution-count decorations' text (pure; the decorations themselves
// are VS Code's): counts per line, branch outcomes on the lines that have
// conditional jumps, and the hover sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineAnnotations } from '../../extension/src/panels/executionCountText';

test('counts per line, with the branch outcomes of the lines that branch', () => {
  const annotations = lineAnnotations(
    [
      { line: 60, count: 10 },
      { line: 58, count: 1 },
      { line: 61, count: 1234 },
    ],
    [
      { line: 60, taken: 4, notTaken: 6 },
      { taken: 1, notTaken: 0 },
    ],
  );
  assert.deepEqual(
    annotations.map((annotation) => [annotation.line, annotation.text]),
    [
      [58, '× 1'],
      [60, '× 10 · taken 4 / not taken 6'],
      [61, '× 1,234'],
    ],
  );
  assert.equal(annotations[0].hover, 'Ran 1 time in the recorded history.');
  assert.equal(annotations[1].hover, 'Ran 10 times in the recorded history; its conditional branch was taken 4 / not taken 6.');
});
