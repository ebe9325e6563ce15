// Through the adapter: the methods users type on containers, strings, smart
// pointers and Rust options — v.size(), v.empty(), v.front(), v.back(),
// v.at(i), p.get(), m["key"], Rust v.len(), o.is_some(), o.unwrap() — computed from
// the data (no function of the program runs), with gdb's values for the
// same program; other calls are refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDebugClient } from '../support/dapClient';
import { errorOf, expectValues, stopAtMarker } from '../support/inspection';
import { testTimeoutMs } from '../support/timeouts';

test('C++: size(), empty(), front(), back(), at(), get() and m["key"] of library types', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'cpp_types', 'main.cpp', 'CPP_MAIN');
    const cases: Array<[string, string]> = [
      ['small_vector.size()', '3'],
      ['empty_vector.size()', '0'],
      ['big_vector.size()', '10000000'],
      ['small_vector.empty()', 'false'],
      ['empty_vector.empty()', 'true'],
      ['small_vector.front()', '1'],
      ['small_vector.back()', '3'],
      ['small_vector.at(1)', '2'],
      ['words.back()', '"beta"'],
      ['names.size()', '3'],
      ['names.at(2)', '"two"'],
      ['primes.size()', '4'],
      ['short_text.size()', '2'],
      ['long_text.length()', '47'],
      ['empty_text.empty()', 'true'],
      ['*owned.get()', '{x=5, y=6}'],
      ['owned.get() == &*owned', 'true'],
      ['nobody.get()', '0x0'],
      ['fixed.size()', '4'],
      ['ages["ann"]', '31'],
      ['ages.size()', '1'],
    ];
    await expectValues(client, frameId, cases);
    assert.match(await errorOf(client, frameId, 'small_vector.at(7)'), /no element 7 \(the container has 3\)/);
    assert.match(await errorOf(client, frameId, 'small_vector.reserve()'), /does not run functions of the program/);
    assert.match(await errorOf(client, frameId, 'ages["bob"]'), /'ages' has no entry with the key "bob"/);
  });
});

test('Rust: len(), is_empty(), is_some(), is_none() and unwrap()', { timeout: testTimeoutMs }, async () => {
  await withDebugClient(async (client) => {
    const { frameId } = await stopAtMarker(client, 'rust_types', 'main.rs', 'RUST_MAIN');
    const cases: Array<[string, string]> = [
      ['numbers.len()', '3'],
      ['numbers.is_empty()', 'false'],
      ['words.len()', '2'],
      ['some.is_some()', 'true'],
      ['none.is_none()', 'true'],
      ['some.unwrap()', '5'],
      ['some.unwrap() + 1', '6'],
    ];
    await expectValues(client, frameId, cases);
    assert.match(await errorOf(client, frameId, 'none.unwrap()'), /unwrap\(\) on a None value/);
  });
});
