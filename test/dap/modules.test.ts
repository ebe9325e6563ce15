// Through the adapter: the modules request and module events (the program
// and the C library with their paths), and loaded sources that hold the
// multifile fixture's source files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource, sameFile } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const program = fixtureBinary('multifile');
const mainSource = fixtureSource('multifile', 'main.c');

test('modules and module events name the program and the C library', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program }, [{ source: mainSource, lines: [markerLine(mainSource, 'MAIN_SUM')] }]);
    assert.equal(client.capabilities.supportsModulesRequest, true);
    const response = (await client.send('modules', {})) as DebugProtocol.ModulesResponse;
    const modules = response.body.modules;
    assert.equal(response.body.totalModules, modules.length);
    const programModule = modules[0];
    assert.ok(programModule.path && sameFile(programModule.path, program), `the program comes first: ${programModule.path}`);
    assert.equal(programModule.symbolStatus, 'Symbols loaded.');
    assert.match(programModule.addressRange ?? '', /^0x[0-9a-f]+-0x[0-9a-f]+$/);
    const libc = modules.find((module) => module.name.startsWith('libc.so'));
    assert.ok(libc?.path, 'libc is a module');
    // The same modules were announced by events, with the same ids.
    const announced = client.events.history.filter((event) => event.event === 'module').map((event) => (event as DebugProtocol.ModuleEvent).body);
    assert.ok(
      announced.some((body) => body.reason === 'new' && body.module.id === programModule.id),
      'a module event for the program',
    );
    assert.ok(
      announced.some((body) => body.reason === 'new' && body.module.id === libc.id),
      'a module event for libc',
    );
    // Paging.
    const page = (await client.send('modules', { startModule: 1, moduleCount: 1 })) as DebugProtocol.ModulesResponse;
    assert.deepEqual(
      page.body.modules.map((module) => module.id),
      [modules[1].id],
    );
  });
});

test("loaded sources include the multifile fixture's C files", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    await client.launchToStop({ program }, [{ source: mainSource, lines: [markerLine(mainSource, 'MAIN_SUM')] }]);
    assert.equal(client.capabilities.supportsLoadedSourcesRequest, true);
    const response = (await client.send('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
    const sources = response.body.sources;
    for (const file of ['main.c', 'math_ops.c', 'shapes.c', 'text_ops.c']) {
      const found = sources.find((candidate) => candidate.path !== undefined && sameFile(candidate.path, fixtureSource('multifile', file)));
      assert.ok(found, `${file} is a loaded source`);
      assert.equal(found.name, file);
      assert.notEqual(found.presentationHint, 'deemphasize');
    }
  });
});
