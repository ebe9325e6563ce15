// The argument checks and error conversion of the adapter's dispatcher:
// every request the handler table serves has a declared shape, a mismatch is
// named with its path and a short preview of what was sent, and the helper's
// Unsupported error is the user's, not an internal one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArguments } from '../../adapter/src/argumentCheck';
import { HelperRequestError, toDapError, UserError } from '../../adapter/src/errors';
import { requestHandlers } from '../../adapter/src/handlers';
import { argumentShapes } from '../../adapter/src/handlers/argumentShapes';

function messageOf(command: string, args: unknown): string {
  const shape = argumentShapes[command];
  assert.ok(shape, `a shape for ${command}`);
  try {
    checkArguments(command, args, shape);
  } catch (error) {
    assert.ok(error instanceof UserError);
    return error.message;
  }
  return '';
}

test('every request in the handler table has an argument shape', () => {
  for (const command of Object.keys(requestHandlers)) assert.ok(argumentShapes[command], `a shape for '${command}'`);
});

test('mismatches are named with their path, briefly', () => {
  assert.match(
    messageOf('setBreakpoints', { source: {}, breakpoints: true }),
    /'setBreakpoints' needs 'breakpoints' to be an array whose items are each an object; it was true\./,
  );
  assert.match(
    messageOf('setBreakpoints', { source: {}, breakpoints: [{ line: 1 }, { line: 'x' }] }),
    /'breakpoints\[1\]\.line' to be a whole number; it was "x"/,
  );
  assert.match(messageOf('setExceptionBreakpoints', { filters: 0 }), /'filters' to be an array of strings; it was 0/);
  assert.match(messageOf('setFunctionBreakpoints', { breakpoints: [null] }), /'breakpoints\[0\]' to be an object; it is missing/);
  assert.match(messageOf('initialize', { pathFormat: {} }), /'pathFormat' to be a string; it was \{\}/);
  assert.match(messageOf('stackTrace', { threadId: Infinity }), /'threadId' to be a whole number/);
  assert.match(messageOf('scopes', {}), /'frameId' to be a whole number; it is missing/);
  const long = messageOf('evaluate', { expression: 1, frameId: 'y'.repeat(10_000_000) });
  assert.match(long, /'expression'/);
  const huge = messageOf('scopes', { frameId: 'y'.repeat(10_000_000) });
  assert.ok(huge.length < 200, `a short message: ${huge.length} characters`);
  assert.equal(messageOf('setBreakpoints', { source: { path: '/a.c' }, breakpoints: [{ line: 3, condition: null }], extra: 1 }), '');
});

test("the helper's Unsupported error is shown to the user and is no internal error", () => {
  const { message, isInternal } = toDapError(
    new HelperRequestError('hardwareTrace', 'Unsupported', 'Hardware branch tracing is not available.'),
    'hardwareTrace',
  );
  assert.equal(isInternal, false);
  assert.equal(message.id, 2014);
  assert.equal(message.showUser, true);
  assert.equal(message.format, 'Hardware branch tracing is not available.');
});
