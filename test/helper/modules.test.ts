// modules and loadedSources: the program and the C library with their real
// paths and address ranges, and the source files of the multifile fixture
// among the loaded sources, files on this machine first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { runToFirstStop } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

interface ModuleRow {
  name: string;
  path: string;
  base: number | string;
  end: number | string;
  hasSymbols: boolean;
  symbolFile?: string;
}

interface SourceRow {
  path: string;
  module: string;
  exists: boolean;
}

const mainSource = fixtureSource('multifile', 'main.c');

async function stopInMultifile(helper: HelperDriver): Promise<void> {
  await runToFirstStop(helper, {
    program: fixtureBinary('multifile'),
    breakpoints: [{ source: mainSource, lines: [markerLine(mainSource, 'MAIN_SUM')] }],
  });
}

test('modules list the program first and the C library, with paths and ranges', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await stopInMultifile(helper);
    const { modules } = await helper.request<{ modules: ModuleRow[] }>('modules');
    assert.ok(modules.length >= 3, `the program, libc and the loader at least: ${modules.map((module) => module.name).join(', ')}`);
    const [program] = modules;
    assert.ok(sameFile(program.path, fixtureBinary('multifile')), `the program comes first: ${program.path}`);
    assert.equal(program.name, 'multifile');
    assert.equal(program.hasSymbols, true);
    assert.ok(program.symbolFile !== undefined && sameFile(program.symbolFile, fixtureBinary('multifile')), 'its DWARF is in the program itself');
    const libc = modules.find((module) => module.name.startsWith('libc.so'));
    assert.ok(libc, 'libc is loaded');
    assert.ok(fs.existsSync(libc.path), `libc's path exists: ${libc.path}`);
    assert.equal(libc.path.split('/').pop(), libc.name, 'the name is the file name of the path');
    assert.equal(typeof libc.hasSymbols, 'boolean');
    for (const module of modules) {
      assert.ok(BigInt(module.base) < BigInt(module.end), `${module.name} has a range`);
    }
  });
});

test('loaded sources hold every source file of the multifile fixture, files on disk first', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    await stopInMultifile(helper);
    const { sources } = await helper.request<{ sources: SourceRow[] }>('loadedSources');
    for (const file of ['main.c', 'math_ops.c', 'shapes.c', 'text_ops.c']) {
      const expected = fixtureSource('multifile', file);
      const found = sources.find((source) => sameFile(source.path, expected));
      assert.ok(found, `${file} is a loaded source`);
      assert.equal(found.exists, true);
      assert.equal(found.module, 'multifile');
    }
    const firstMissing = sources.findIndex((source) => !source.exists);
    if (firstMissing >= 0) {
      assert.ok(
        sources.slice(firstMissing).every((source) => !source.exists),
        'files that are here come before those that are not',
      );
      assert.ok(
        sources.slice(firstMissing).every((source) => !/\.(h|hpp|hh)$/.test(source.path)),
        'headers that are not here are left out',
      );
    }
    assert.equal(new Set(sources.map((source) => source.path)).size, sources.length, 'each file once');
  });
});
