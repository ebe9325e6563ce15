// native/PROTOCOL.md against the protocol's schema
// (native/protocol/helper-protocol.schema.json): the document explains
// exactly the requests, events, fields, error codes and event values the
// schema declares. Every request has its place (a `### \`name\`` heading, or
// `` `name` `{…}` `` in a list item) whose text names each of its argument
// and body fields, and names no JSON field the request does not have; every
// event has its row in the events table, likewise, with every value of its
// enumerated fields; the error-code table lists the schema's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
  enum?: string[];
  const?: unknown;
}

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'native', 'protocol', 'helper-protocol.schema.json'), 'utf8')) as {
  properties: { requests: { properties: Record<string, { properties: { args: Schema; body: Schema } }> }; events: { properties: Record<string, Schema> } };
  $defs: Record<string, Schema>;
};
const document = fs.readFileSync(path.join(repoRoot, 'native', 'PROTOCOL.md'), 'utf8');
const requests = schema.properties.requests.properties;
const events = schema.properties.events.properties;

const resolve = (node: Schema): Schema => (node.$ref ? resolve(schema.$defs[node.$ref.replace('#/$defs/', '')]) : node);

/** Every field name of a shape, at any depth, with the values of its enumerated fields. */
function fieldsOf(root: Schema): { names: Set<string>; values: Map<string, string[]> } {
  const names = new Set<string>();
  const values = new Map<string, string[]>();
  const seen = new Set<Schema>();
  const walk = (node: Schema) => {
    const shape = resolve(node);
    if (seen.has(shape)) return;
    seen.add(shape);
    for (const [name, property] of Object.entries(shape.properties ?? {})) {
      names.add(name);
      const field = resolve(property);
      const choices = field.enum ?? (typeof field.const === 'string' ? [field.const] : undefined);
      if (choices) values.set(name, [...(values.get(name) ?? []), ...choices]);
      walk(property);
    }
    for (const part of [...(shape.oneOf ?? []), ...(shape.allOf ?? [])]) walk(part);
    if (shape.items) walk(shape.items);
    if (typeof shape.additionalProperties === 'object') walk(shape.additionalProperties);
  };
  walk(root);
  return { names, values };
}

interface RequestText {
  /** The heading's section, or the list item that shows the request's arguments. */
  own: string;
  /** What the section's heading says before its list (a page window, shared by the requests listed). */
  intro: string;
}

/** The document's text about each request. */
function requestTexts(): Map<string, RequestText> {
  const texts = new Map<string, RequestText>();
  const requestsPart = document.slice(document.indexOf('\n## Requests'), document.indexOf('\n## Events'));
  for (const section of requestsPart.split(/\n(?=### )/)) {
    const heading = section.slice(0, section.indexOf('\n'));
    const items = section.split(/\n(?=- )/);
    if (heading.startsWith('### `')) {
      for (const [, name] of heading.matchAll(/`([A-Za-z]+)`/g)) texts.set(name, { own: section, intro: '' });
    }
    for (const item of items.slice(1)) {
      for (const [, name] of item.matchAll(/`([A-Za-z]+)` `\{/g)) texts.set(name, { own: item, intro: items[0] });
    }
  }
  return texts;
}

/** The requests a text refers to by name (`setVariable`), and those they refer to. */
function referredRequests(text: string, texts: Map<string, RequestText>, depth = 2): Set<string> {
  const found = new Set<string>();
  for (const [, name] of text.matchAll(/`([A-Za-z]+)`/g)) {
    if (!(name in requests) || found.has(name)) continue;
    found.add(name);
    if (depth > 1) for (const further of referredRequests(texts.get(name)?.own ?? '', texts, depth - 1)) found.add(further);
  }
  return found;
}

/** The JSON field names a piece of the document shows (`"name":`; field names start in lower case). */
const shownFields = (text: string): Set<string> => new Set([...text.matchAll(/"([a-z][A-Za-z]*)":/g)].map((match) => match[1]));

const mentions = (text: string, name: string): boolean => text.includes(`"${name}"`) || text.includes(`\`${name}\``);

const requestFields = (name: string): Set<string> =>
  new Set([...fieldsOf(requests[name].properties.args).names, ...fieldsOf(requests[name].properties.body).names]);

test('PROTOCOL.md documents every request of the schema, and no request the schema lacks', () => {
  assert.deepEqual([...requestTexts().keys()].sort(), Object.keys(requests).sort());
});

test("each request's text names every field of its arguments and answer, and shows no field the schema lacks", () => {
  const texts = requestTexts();
  const problems: string[] = [];
  for (const name of Object.keys(requests)) {
    const { own, intro } = texts.get(name) ?? { own: '', intro: '' };
    const related = referredRequests(own, texts);
    const context = [own, intro, ...[...related].map((other) => texts.get(other)?.own ?? '')].join('\n');
    for (const field of requestFields(name)) if (!mentions(context, field)) problems.push(`${name}: the field '${field}' is not documented`);
    // Fields the text may show: this request's, and those of the requests it shares its text with or refers to.
    const sharing = Object.keys(requests).filter((other) => texts.get(other)?.own === own);
    const allowed = new Set([...sharing, ...related].flatMap((other) => [...requestFields(other)]));
    for (const [, event] of own.matchAll(/`([a-z]+)` event/g)) if (event in events) for (const field of fieldsOf(events[event]).names) allowed.add(field);
    for (const field of shownFields(own)) if (!allowed.has(field)) problems.push(`${name}: the document shows "${field}", which the schema does not declare`);
  }
  assert.equal(problems.join('\n'), '');
});

test('the events table has a row for exactly the events of the schema, naming each field and each value of its enumerated fields', () => {
  const rows = new Map<string, string>();
  const table = document.slice(document.indexOf('\n## Events'));
  for (const [, name, row] of table.matchAll(/^\| `([A-Za-z]+)` \|(.*)$/gm)) rows.set(name, row);
  assert.deepEqual([...rows.keys()].sort(), Object.keys(events).sort());
  const texts = requestTexts();
  const problems: string[] = [];
  for (const [name, body] of Object.entries(events)) {
    const row = rows.get(name) ?? '';
    const { names, values } = fieldsOf(body);
    const context = [row, ...[...referredRequests(row, texts, 1)].map((other) => texts.get(other)?.own ?? '')].join('\n');
    for (const field of names) if (!mentions(context, field)) problems.push(`${name}: the field '${field}' is not documented`);
    for (const field of shownFields(row)) if (!names.has(field)) problems.push(`${name}: the row shows "${field}", which the schema does not declare`);
    for (const [field, choices] of values) {
      for (const value of choices) if (!row.includes(`"${value}"`)) problems.push(`${name}: the value "${value}" of '${field}' is not documented`);
    }
  }
  assert.equal(problems.join('\n'), '');
});

test('the error-code table lists exactly the error codes of the schema', () => {
  const table = document.slice(document.indexOf('\n## Error codes'), document.indexOf('\n## Requests'));
  const documented = [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1]);
  assert.deepEqual(documented, schema.$defs.HelperErrorCode.enum);
});
