// package.json declares every launch and attach argument the adapter takes,
// so VS Code offers and checks them in launch.json (pure JSON; no VS Code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';

interface Property {
  type?: string | string[];
  enum?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const debuggerEntry = manifest.contributes.debuggers.find((entry: { type: string }) => entry.type === 'rewind');
const launch: Record<string, Property> = debuggerEntry.configurationAttributes.launch.properties;
const attach: Record<string, Property> = debuggerEntry.configurationAttributes.attach.properties;

test('the attach schema has processId, program, stopOnEntry, sourceMap and followFork', () => {
  for (const name of ['processId', 'program', 'stopOnEntry', 'sourceMap', 'followFork']) assert.ok(attach[name], `attach.${name}`);
  assert.equal(attach.stopOnEntry.type, 'boolean');
  assert.equal(attach.sourceMap.type, 'object');
});

test('the launch schema has the console kinds, followFork and coreFile', () => {
  assert.deepEqual(launch.console.enum, ['internalConsole', 'integratedTerminal', 'externalTerminal']);
  assert.deepEqual(launch.followFork.enum, ['parent', 'child']);
  assert.deepEqual(attach.followFork.enum, ['parent', 'child']);
  assert.equal(launch.coreFile.type, 'string');
});

test('the launch schema has disableASLR, a boolean that defaults to true', () => {
  assert.equal(launch.disableASLR.type, 'boolean');
  assert.equal((launch.disableASLR as { default?: unknown }).default, true);
});

test('the launch schema has recordEngine: auto (the default), native or step', () => {
  assert.deepEqual(launch.recordEngine.enum, ['auto', 'native', 'step']);
  assert.equal((launch.recordEngine as { default?: unknown }).default, 'auto');
});
