// Where the language server finds names in a source line: identifiers
// outside comments and literals, not members after `.`, `->` or `::`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameAt, nameTokens } from '../../lsp/src/sourceTokens';

const names = (text: string): string[] => nameTokens(text).map((token) => token.name);

test('identifiers outside comments, strings and character literals', () => {
  assert.deepEqual(names('int b = square(a); // a comment with x'), ['int', 'b', 'square', 'a']);
  assert.deepEqual(names('printf("%d total\\n", total); /* n */ n++;'), ['printf', 'total', 'n']);
  assert.deepEqual(names("if (c == '\\'' || c == 'x') d = 1;"), ['if', 'c', 'c', 'd']);
  assert.deepEqual(names("fn f<'a>(s: &'a str) { s.len() }"), ['fn', 'f', 'a', 's', 'a', 'str', 's']);
});

test('a member after ., -> or :: is not a variable name', () => {
  assert.deepEqual(names('p.x = q->y + ns::z + w;'), ['p', 'q', 'ns', 'w']);
});

test('the name under a position, with its range', () => {
  assert.deepEqual(nameAt('  counter = counter + i;', 4), { name: 'counter', start: 2, end: 9 });
  assert.deepEqual(nameAt('  counter = counter + i;', 22), { name: 'i', start: 22, end: 23 });
  assert.equal(nameAt('  x = "in a string";', 10), undefined);
});
