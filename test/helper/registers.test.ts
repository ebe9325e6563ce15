// The Registers scope: cheap, in groups (General, Vector (SSE/AVX), x87);
// frame 0 shows the thread's registers (rip at the stopped pc, eflags with
// its flags decoded, xmm0 holding a double just returned), outer frames show
// what the unwinder recovered and mark the rest unknown; `$rip`-style names
// work in expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperDriver, withHelper } from '../support/helperDriver';
import { HelperScope, HelperVariable } from '../support/helperTypes';
import { byName, locals, named, runToFirstStop, stackFrames, variables } from '../support/helperFlows';
import { markerLine } from '../support/markers';
import { fixtureBinary, fixtureSource } from '../support/paths';
import { testTimeoutMs } from '../support/timeouts';

const source = fixtureSource('inspect', 'main.c');

async function stopAt(helper: HelperDriver, marker: string): Promise<number> {
  const { stopped } = await runToFirstStop(helper, {
    program: fixtureBinary('inspect'),
    breakpoints: [{ source, lines: [markerLine(source, marker)] }],
  });
  return stopped.tid;
}

/** The register groups of a frame, each group's registers by name. */
async function registerGroups(helper: HelperDriver, tid: number, frame: number): Promise<Map<string, Map<string, HelperVariable>>> {
  const { scopes } = await helper.request<{ scopes: HelperScope[] }>('scopes', { tid, frame });
  const scope = scopes.find((candidate) => candidate.name === 'Registers');
  assert.ok(scope, `a Registers scope among ${scopes.map((candidate) => candidate.name).join(', ')}`);
  assert.equal(scope.expensive, false, 'registers are cheap to show');
  const groups = await variables(helper, scope.ref);
  assert.deepEqual(
    groups.map((group) => group.name),
    ['General', 'Vector (SSE/AVX)', 'x87'],
  );
  const out = new Map<string, Map<string, HelperVariable>>();
  for (const group of groups) {
    assert.ok(group.ref > 0, `${group.name} expands`);
    out.set(group.name, byName(await variables(helper, group.ref)));
  }
  return out;
}

function group(groups: Map<string, Map<string, HelperVariable>>, name: string): Map<string, HelperVariable> {
  const found = groups.get(name);
  assert.ok(found, `group ${name}`);
  return found;
}

const eflagsBits: Array<[string, number]> = [
  ['CF', 0],
  ['PF', 2],
  ['AF', 4],
  ['ZF', 6],
  ['SF', 7],
  ['TF', 8],
  ['IF', 9],
  ['DF', 10],
  ['OF', 11],
];

test('frame 0 registers: rip is the stopped pc and eflags is decoded', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, 'MAIN_TWICE');
    const [frame] = await stackFrames(helper, tid, 1);
    const general = group(await registerGroups(helper, tid, 0), 'General');
    for (const name of ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r15', 'rip', 'eflags', 'cs', 'ss', 'fs_base', 'gs_base']) {
      assert.ok(general.has(name), `General has ${name}`);
    }
    assert.equal(BigInt(named(general, 'rip').value), BigInt(frame.pc));
    assert.equal(named(general, 'cs').value, '0x33', 'a 64-bit user code segment');
    const eflags = named(general, 'eflags').value;
    const match = /^(0x[0-9a-f]+) \[ ((?:[A-Z]+ )*)\]$/.exec(eflags);
    assert.ok(match, `eflags reads like "0x246 [ PF ZF IF ]": ${eflags}`);
    const bits = Number(BigInt(match[1]));
    const expected = eflagsBits.filter(([, bit]) => (bits >> bit) & 1).map(([flag]) => flag);
    assert.deepEqual(
      match[2]
        .trim()
        .split(' ')
        .filter((flag) => flag !== ''),
      expected,
    );
    assert.ok(expected.includes('IF'), 'interrupts are enabled in user space');
  });
});

test('xmm0 holds the double a function just returned', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    // At the next line, scale(1.25, argc + 1.0) has returned 2.5 in xmm0.
    const tid = await stopAt(helper, 'MAIN_TWICE');
    assert.equal(named(await locals(helper, tid), 'scaled').value, '2.5');
    const vector = group(await registerGroups(helper, tid, 0), 'Vector (SSE/AVX)');
    for (let index = 0; index < 16; index++) assert.ok(vector.has(`xmm${index}`), `xmm${index} is listed`);
    const xmm0 = named(vector, 'xmm0');
    assert.equal(xmm0.type, 'vec128');
    assert.match(xmm0.value, /^0x[0-9a-f]{16}4004000000000000$/, 'the low 64 bits are 2.5 as a double');
    const lanes = byName(await variables(helper, xmm0.ref));
    assert.match(named(lanes, 'v2_double').value, /^\{2\.5, /);
    assert.match(named(lanes, 'v4_int32').value, /^\{0x0, 0x40040000, /);
    assert.match(named(vector, 'mxcsr').value, /^0x[0-9a-f]+ \[ .*\]$/);
    const x87 = group(await registerGroups(helper, tid, 0), 'x87');
    for (let index = 0; index < 8; index++) assert.ok(x87.has(`st${index}`), `st${index} is listed`);
    assert.equal(named(x87, 'fctrl').value, '0x37f', 'the x87 control word Linux starts programs with');
  });
});

test('an outer frame shows the registers the unwinder recovered and marks the others unknown', { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, 'SCALE_BODY');
    const frames = await stackFrames(helper, tid, 2);
    assert.equal(frames[1].function, 'main');
    const groups = await registerGroups(helper, tid, 1);
    const general = group(groups, 'General');
    assert.equal(BigInt(named(general, 'rip').value), BigInt(frames[1].pc), 'rip of the caller is the return address');
    assert.match(named(general, 'rsp').value, /^0x[0-9a-f]+$/, "the caller's stack pointer is recovered");
    assert.match(named(general, 'eflags').value, /unknown/);
    assert.match(named(group(groups, 'Vector (SSE/AVX)'), 'xmm0').value, /unknown/);
    // The caller's rsp is above the callee's.
    const inner = group(await registerGroups(helper, tid, 0), 'General');
    assert.ok(BigInt(named(general, 'rsp').value) > BigInt(named(inner, 'rsp').value));
  });
});

test("$rip, $pc and $rsp evaluate to the frame's registers", { timeout: testTimeoutMs }, async () => {
  await withHelper(async (helper) => {
    const tid = await stopAt(helper, 'MAIN_TWICE');
    const [frame] = await stackFrames(helper, tid, 1);
    const rip = await helper.request<HelperVariable>('evaluate', { expression: '$rip', tid, frame: 0 });
    assert.equal(BigInt(rip.value), BigInt(frame.pc));
    const pc = await helper.request<HelperVariable>('evaluate', { expression: '$pc', tid, frame: 0 });
    assert.equal(pc.value, rip.value);
    const general = group(await registerGroups(helper, tid, 0), 'General');
    const rsp = await helper.request<HelperVariable>('evaluate', { expression: '$rsp + 8', tid, frame: 0 });
    assert.equal(BigInt(rsp.value), BigInt(named(general, 'rsp').value) + 8n);
    const missing = await helper.send('evaluate', { expression: '$nosuch', tid, frame: 0 });
    assert.equal(missing.ok, false);
  });
});
