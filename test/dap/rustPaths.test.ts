// Through the adapter, on a Rust program built with the legacy and the v0
// symbol mangling: a function breakpoint by path ("inventory::value_of",
// "rust_paths::main") binds and stops, and frames show demangled paths (as
// gdb does) — no "_R…", "_ZN…", "$u7b$" or "::h<hash>" in any name; Rc,
// Arc, VecDeque, HashMap and HashSet through their formatters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { withDebugClient } from '../support/dapClient';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('rust_paths', 'main.rs');

function assertReadable(frames: DebugProtocol.StackFrame[]): void {
  const listing = frames.map((frame) => frame.name).join('\n');
  for (const frame of frames) {
    assert.doesNotMatch(frame.name, /^_R|^_ZN|\$u[0-9a-f]+\$|::h[0-9a-f]{16}\b/, `a mangled name:\n${listing}`);
  }
}

for (const program of ['rust_paths', 'rust_paths-v0']) {
  test(`${program}: a function breakpoint by module path stops there, with readable frames`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      let breakpoints: DebugProtocol.Breakpoint[] = [];
      await client.launchWithBreakpoints({ program: fixtureBinary(program) }, [], async () => {
        breakpoints = (await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'inventory::value_of' }, { name: 'rust_paths::main' }] })).body
          .breakpoints;
      });
      assert.equal(breakpoints[0].verified, true, JSON.stringify(breakpoints[0]));
      assert.equal(breakpoints[1].verified, true, JSON.stringify(breakpoints[1]));
      const first = await client.waitForStopped();
      const threadId = first.body.threadId ?? 0;
      assert.deepEqual(first.body.hitBreakpointIds, [breakpoints[1].id]);
      const mainFrames = await client.frames(threadId);
      assert.equal(mainFrames[0].name, 'rust_paths::main', mainFrames.map((frame) => frame.name).join('\n'));
      assertReadable(mainFrames);
      const second = await client.continueToStop(threadId);
      assert.deepEqual(second.body.hitBreakpointIds, [breakpoints[0].id]);
      const frames = await client.frames(threadId);
      assert.equal(frames[0].name, 'rust_paths::inventory::value_of');
      assert.equal(frames[0].line, markerLine(source, 'VALUE_OF_BODY'));
      assert.equal(frames[1].name, 'rust_paths::main');
      assert.equal(frames[1].line, markerLine(source, 'MAIN_CALL'));
      assertReadable(frames);
    });
  });

  test(`${program}: a closure's frame is named after the function that holds it`, { timeout: testTimeoutMs }, async () => {
    await withDebugClient(async (client) => {
      const { stopped } = await client.launchToStop({ program: fixtureBinary(program) }, [{ source, lines: [markerLine(source, 'CLOSURE_BODY')] }]);
      const frames = await client.frames(stopped.body.threadId ?? 0);
      assert.match(frames[0].name, /^rust_paths::main::\{closure#\d+\}$|^rust_paths::main::\{\{closure\}\}$/, frames[0].name);
      assert.equal(frames[1].name, 'rust_paths::main');
      assertReadable(frames);
    });
  });
}

test(
  'Rc and Arc show the shared value with its counts, *p reaches the value; VecDeque, HashMap and HashSet show their elements',
  { timeout: testTimeoutMs },
  async () => {
    await withDebugClient(async (client) => {
      const { stopped } = await client.launchToStop({ program: fixtureBinary('rust_paths') }, [{ source, lines: [markerLine(source, 'RUST_SHARED')] }]);
      const frame = await client.topFrame(stopped.body.threadId ?? 0);
      // Two Rc owners and one Weak; one Arc owner.
      assert.equal(await client.evaluateIn(frame.id, 'shared'), '60 (strong=2, weak=1)');
      assert.equal(await client.evaluateIn(frame.id, '*shared'), '60');
      assert.equal(await client.evaluateIn(frame.id, 'atomic'), '"bolts" (strong=1, weak=0)');
      // 1, 2, 3 pushed, 1 popped, 4 and 5 pushed: 5 wraps to the ring's first slot.
      assert.equal(await client.evaluateIn(frame.id, 'queue'), 'size=4 {2, 3, 4, 5}');
      assert.equal(await client.evaluateIn(frame.id, 'queue[3]'), '5');
      assert.equal(await client.evaluateIn(frame.id, 'queue.len()'), '4');
      // Hash order changes from run to run (RandomState): every entry, in any order.
      const stock = await client.evaluateIn(frame.id, 'stock');
      assert.match(stock, /^size=2 \{(\["bolt"\]=3, \["nut"\]=5|\["nut"\]=5, \["bolt"\]=3)\}$/, stock);
      assert.equal(await client.evaluateIn(frame.id, 'stock.len()'), '2');
      assert.equal(await client.evaluateIn(frame.id, 'stock["nut"]'), '5');
      const sizes = await client.evaluateIn(frame.id, 'sizes');
      assert.match(sizes, /^size=2 \{(8, 10|10, 8)\}$/, sizes);
      const locals = await client.locals(frame.id);
      const children = await client.variables(locals.get('shared')?.variablesReference ?? 0);
      assert.deepEqual(
        children.filter((child) => child.name !== '[raw]').map((child) => [child.name, child.value]),
        [
          ['*shared', '60'],
          ['strong', '2'],
          ['weak', '1'],
        ],
      );
    });
  },
);
