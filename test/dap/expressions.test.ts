// Through the adapter: `evaluate` of the C-like expression language against
// a stopped frame — literals, arithmetic, comparison, logic, casts to named
// types, `.` `->` `[]` `*` `&`, sizeof, `$rip`-style registers, globals and
// file statics of another loaded module, C++ `this`, hex formatting (DAP
// `format.hex` and a `,x` suffix) — and the error messages that name the
// problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { named, withDebugClient } from '../support/dapClient';
import { addressIn, childrenOf, errorOf, evaluateIn, scopeVariables, stopAtMarker, valueOf } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

/** Each [expression, expected value] evaluated in the frame. */
async function expectValues(evaluate: (expression: string) => Promise<string>, cases: [string, string][]): Promise<void> {
  const actual: [string, string][] = [];
  for (const [expression] of cases) actual.push([expression, await evaluate(expression)]);
  assert.deepEqual(actual, cases);
}

test('literals, arithmetic, comparison and logic follow C', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    await expectValues(
      (expression) => valueOf(client, frameId, expression),
      [
        ['42', '42'],
        ['0x10', '16'],
        ['2.5', '2.5'],
        ['3000000000', '3000000000'],
        ["'A' + 1", '66'],
        ['total * 2 + fixed', '27'],
        ['7 / 2', '3'],
        ['-7 % 3', '-1'],
        ['-fixed', '-3'],
        ['precise * 2', '6.25'],
        ['1 << 4 | 1', '17'],
        ['~0', '-1'],
        ['total > fixed', '1'],
        ['total == 12', '1'],
        ['ratio < 0.25', '0'],
        ['ready && total', '1'],
        ['!ready', '0'],
        ['null_ptr || 0', '0'],
        ['total != 12 ? 1 : 2', '2'],
        ['counter + scale', '100.5'],
      ],
    );
    const sum = await evaluateIn(client, frameId, 'total + big');
    assert.ok(sum.ok);
    assert.deepEqual([sum.result, sum.type], ['-8999999988', 'long']);
  });
});

test('casts to named types, member access, indexing, * and &', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    await expectValues(
      (expression) => valueOf(client, frameId, expression),
      [
        ['(enum color)6', 'BLUE'],
        ['(unsigned char)300', "44 ','"],
        ['(long)ratio', '0'],
        ['(float)1 / 4', '0.25'],
        ['(count_t)letter', '90'],
        ['((struct point *)where_ptr)->y', '2'],
        ['where.x', '1'],
        ['where_ptr->y', '2'],
        ['(*where_ptr_ptr)->x', '1'],
        ['grid[1][2]', '6'],
        ['*target_ptr', '10'],
        ['*&target', '10'],
        ['&where == where_ptr', '1'],
        ['*grid[1]', '4'],
        ['message[4]', "111 'o'"],
        ['corner.y', '10'],
      ],
    );
    const cast = await evaluateIn(client, frameId, '(point_t *)where_ptr');
    assert.ok(cast.ok);
    assert.equal(cast.type, 'point_t *');
    assert.equal(addressIn(cast.result), addressIn(named(await scopeVariables(client, frameId, 'Locals'), 'where').memoryReference));
  });
});

test('sizeof of types and of expressions', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    await expectValues(
      (expression) => valueOf(client, frameId, expression),
      [
        ['sizeof(point_t)', '8'],
        ['sizeof(struct flags)', '4'],
        ['sizeof(union number)', '4'],
        ['sizeof(long long)', '8'],
        ['sizeof grid', '24'],
        ['sizeof cube / sizeof cube[0]', '2'],
        ['sizeof(int *)', '8'],
        ['sizeof name', '8'],
      ],
    );
  });
});

test("registers: $rip is the frame's pc, $rsp and $rax read the thread", { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId, frame, threadId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    assert.equal(addressIn(await valueOf(client, frameId, '$rip')), BigInt(frame.instructionPointerReference ?? ''));
    assert.equal(await valueOf(client, frameId, '$pc == $rip'), '1');
    const rax = await evaluateIn(client, frameId, '$rax');
    assert.ok(rax.ok);
    assert.match(rax.result, /^\d+$/);
    assert.equal(await valueOf(client, frameId, '$rax', true), `0x${BigInt(rax.result).toString(16)}`);
    // Locals live below the stack pointer's frame: rsp <= &total.
    assert.equal(await valueOf(client, frameId, '$rsp <= &total'), '1');
    // An outer frame has its own pc: the return address main goes back to.
    const caller = (await client.frames(threadId, 2))[1];
    assert.equal(addressIn(await valueOf(client, caller.id, '$rip')), BigInt(caller.instructionPointerReference ?? ''));
    assert.notEqual(caller.instructionPointerReference, frame.instructionPointerReference);
    assert.equal(await errorOf(client, frameId, '$nope'), "no register '$nope'");
  });
});

test('globals and file statics of another loaded module', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'modvalues', 'main.c', 'MOD_MAIN');
    await expectValues(
      (expression) => valueOf(client, frameId, expression),
      [
        ['library_total', '1234'],
        ['library_hidden', '56'],
        ['library_settings', '{level=3, tag="lib"}'],
        ['library_settings.tag[1]', "105 'i'"],
        ['library_total + local', '1241'],
      ],
    );
    // The library's variables are at the library's addresses, not the program's.
    const address = addressIn(await valueOf(client, frameId, '&library_total'));
    const modules = (await client.send('modules', {})) as { body: { modules: { name: string; addressRange?: string }[] } };
    const library = modules.body.modules.find((module) => module.name.includes('librewind_values'));
    assert.ok(library?.addressRange, JSON.stringify(modules.body.modules));
    const [start, end] = library.addressRange.split('-').map((part) => BigInt(part));
    assert.ok(address >= start && address < end, `${address.toString(16)} in ${library.addressRange}`);
    assert.match(await valueOf(client, frameId, 'library_bump'), /^0x[0-9a-f]+ <library_bump>$/);
  });
});

test('C++ `this` and the members it makes visible', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'RECT_AREA');
    await expectValues(
      (expression) => valueOf(client, frameId, expression),
      [
        ['this->width * this->height', '12'],
        ['(*this).height', '4'],
        ['width + id', '8'],
        ['((const geo::Shape *)this)->id', '5'],
        ['Shape::created + geo::detail::counter', '8'],
        ['sizeof(*this)', '24'],
      ],
    );
    const self = await evaluateIn(client, frameId, '*this');
    assert.ok(self.ok);
    assert.equal(self.result, '{geo::Shape={id=5}, width=3, height=4}');
    assert.deepEqual(
      [...(await childrenOf(client, { name: '*this', value: self.result, variablesReference: self.variablesReference })).keys()],
      ['geo::Shape', 'width', 'height'],
    );
  });
});

test('hex formatting through format.hex and a `,x` suffix', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    assert.equal(await valueOf(client, frameId, 'total', true), '0xc');
    assert.equal(await valueOf(client, frameId, 'total,x'), '0xc');
    assert.equal(await valueOf(client, frameId, '-1,x'), '0xffffffff');
    assert.equal(await valueOf(client, frameId, 'big', true), `0x${(2n ** 64n - 9_000_000_000n).toString(16)}`);
    assert.equal(await valueOf(client, frameId, 'bits,x'), '{ready=0x1, level=0x5, delta=0xd}');
    assert.equal(await valueOf(client, frameId, 'grid[1]', true), '{0x4, 0x5, 0x6}');
    // Characters keep their character, enums their name.
    assert.equal(await valueOf(client, frameId, 'letter', true), "0x5a 'Z'");
    assert.equal(await valueOf(client, frameId, 'shade', true), 'GREEN');
    assert.equal(await valueOf(client, frameId, 'total'), '12', 'without hex, decimal again');
  });
});

test('errors name the problem', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'c_types', 'main.c', 'C_MAIN');
    await expectValues(
      (expression) => errorOf(client, frameId, expression),
      [
        ['foo', "no symbol 'foo' in this frame"],
        ['*null_ptr', 'cannot dereference a null pointer'],
        ['null_ptr[2]', 'cannot dereference a null pointer'],
        ['where.z', "no member named 'z' in 'point_t'"],
        ['total->x', "'total' is not a pointer to a struct or union"],
        ['*total', "'total' is not a pointer"],
        ['total[1]', "'total' is not an array or pointer"],
        ['1 / 0', "division by zero in '1 / 0'"],
        ['(struct nothing)total', "no type named 'struct nothing'"],
        ['&bits.level', "cannot take the address of 'bits.level': it is not in memory"],
        ['where.', "Cannot evaluate 'where.': expected a member name at column 7."],
        ['(1', "Cannot evaluate '(1': expected ')' but the expression ends at column 3."],
        ['total # 2', "Cannot evaluate 'total # 2': unexpected character '#' at column 7."],
        ['total @ 0', "the count after '@' must be a positive integer, and '0' is 0"],
        ['where = 3', "cannot assign in 'where = 3': use the variables view or setExpression"],
      ],
    );
    const empty = await client.sendForResponse('evaluate', { expression: '   ', frameId, context: 'watch' });
    assert.equal(empty.success, false);
    assert.match(empty.message ?? '', /nothing to evaluate/);
  });
});
