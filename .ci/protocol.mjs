// Generates the code that the helper protocol's schema
// (native/protocol/helper-protocol.schema.json, the one source of truth)
// decides: the TypeScript types of every request, response body and event
// (adapter/src/helper/protocolTypes.ts, which the adapter and the tests
// import) and the C++ enums of its finite sets: the debugger's own ones,
// plain (native/src/core/DebugEnums.h, which control/, record/ and the other
// parts use without knowing the protocol), and the error codes, every enum's
// names on the wire and the names of every request and event
// (native/src/protocol/ProtocolSchema.h). `node .ci/protocol.mjs` writes them;
// `--check` (run by .ci/build.mjs) fails, naming the file, when one differs
// from what the schema gives, so a generated file is never stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const schemaPath = 'native/protocol/helper-protocol.schema.json';
const typesPath = 'adapter/src/helper/protocolTypes.ts';
const cppPath = 'native/src/protocol/ProtocolSchema.h';
const cppEnumsPath = 'native/src/core/DebugEnums.h';
/** The files this script writes (the formatter leaves them alone). */
export const generatedPaths = [typesPath, cppPath, cppEnumsPath];
const generatedNote = `Generated from ${schemaPath} by .ci/protocol.mjs: do not edit; change the schema and run \`node .ci/protocol.mjs\`.`;

/** The schema's enums that the helper uses in C++, by their C++ name. */
const cppEnums = {
  HelperErrorCode: 'ErrorCode',
  HelperStopReason: 'StopReason',
  RecordMode: 'RecordMode',
  BreakpointMode: 'BreakpointMode',
  WatchMode: 'WatchMode',
  AccessType: 'AccessType',
  FollowFork: 'FollowFork',
};

const refName = (ref) => {
  if (!ref.startsWith('#/$defs/')) throw new Error(`${schemaPath}: only local $defs references are supported, not ${ref}`);
  return ref.slice('#/$defs/'.length);
};

const primitive = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', null: 'null' };

function docComment(description, indent) {
  if (!description) return '';
  return `${indent}/** ${description.replace(/\*\//g, '* /')} */\n`;
}

/**
 * An object's fields. A shape is closed (additionalProperties: false), or
 * closed with the fields of its allOf parts (unevaluatedProperties: false);
 * a shape that others extend through allOf (`open`) is closed by them.
 */
function objectType(schema, indent, open = false) {
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (properties.length === 0) {
    if (extra === false || extra === undefined) return 'Record<string, never>';
    return `Record<string, ${tsType(extra, indent)}>`;
  }
  if (extra !== false && schema.unevaluatedProperties !== false && !open) {
    throw new Error(`${schemaPath}: an object with properties must say additionalProperties: false (or unevaluatedProperties: false with allOf)`);
  }
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = properties.map(([name, property]) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    return `${docComment(property.description, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${tsType(property, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The TypeScript type of a schema (the subset of JSON Schema this protocol uses). */
function tsType(schema, indent = '', open = false) {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.allOf) {
    const { allOf, ...own } = schema;
    return [...allOf.map((part) => tsType(part, indent)), tsType(own, indent, open)].join(' & ');
  }
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value).replace(/"/g, "'")).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const).replace(/"/g, "'");
  if (schema.oneOf) return schema.oneOf.map((part) => tsType(part, indent)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => primitive[type]).join(' | ');
  if (schema.type === 'object') return objectType(schema, indent, open);
  if (schema.type === 'array') {
    const item = tsType(schema.items ?? {}, indent);
    return /[|{]/.test(item) ? `Array<${item}>` : `${item}[]`;
  }
  if (schema.type in primitive) return primitive[schema.type];
  if (Object.keys(schema).filter((key) => key !== 'description').length === 0) return 'unknown';
  throw new Error(`${schemaPath}: no TypeScript type for ${JSON.stringify(schema).slice(0, 200)}`);
}

/** The $defs that other shapes extend (allOf): their fields are closed by those shapes. */
function allOfBases(schema) {
  const bases = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const part of node.allOf ?? []) if (part.$ref) bases.add(refName(part.$ref));
      Object.values(node).forEach(walk);
    }
  };
  walk(schema);
  return bases;
}

function declaration(name, schema, open = false) {
  const comment = docComment(schema.description, '');
  if (schema.type === 'object' && !schema.allOf && schema.properties && Object.keys(schema.properties).length > 0) {
    return `${comment}export interface ${name} ${objectType(schema, '', open)}\n`;
  }
  return `${comment}export type ${name} = ${tsType(schema, '', open)};\n`;
}

async function typescriptSource(schema) {
  const parts = [
    `// ${generatedNote}\n// The helper protocol's shapes: every request's arguments and response body\n// (HelperRequests), every event's body (HelperEvents) and the shared types.\n/* eslint-disable */\n`,
  ];
  const bases = allOfBases(schema);
  for (const [name, definition] of Object.entries(schema.$defs)) parts.push(declaration(name, definition, bases.has(name)));
  const everyOne = (catalog) => ({ ...catalog, required: Object.keys(catalog.properties) });
  parts.push(
    declaration('HelperRequests', {
      description: 'Every request: its arguments and the body of a successful response.',
      ...everyOne(schema.properties.requests),
    }),
  );
  parts.push(declaration('HelperEvents', { description: 'Every event the helper sends, by name, with its body.', ...everyOne(schema.properties.events) }));
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(path.join(repoRoot, typesPath))) ?? {};
  return prettier.format(parts.join('\n'), { ...options, parser: 'typescript' });
}

/** "instruction breakpoint" → InstructionBreakpoint, fromEntry → FromEntry. */
const enumerator = (wire) =>
  wire
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');

/** The schema's enums that are the debugger's own vocabulary too (in core/DebugEnums.h); ErrorCode is the protocol's only. */
const protocolOnlyEnums = new Set(['ErrorCode']);

function enumValues(schema, schemaName, cppName) {
  const values = schema.$defs[schemaName]?.enum;
  if (!values) throw new Error(`${schemaPath}: $defs/${schemaName} (C++ ${cppName}) must be an enum`);
  return values;
}

function enumDeclaration(schema, schemaName, cppName) {
  const lines = [''];
  if (schema.$defs[schemaName].description) lines.push(`// ${schema.$defs[schemaName].description}`);
  lines.push(`enum class ${cppName} {`, ...enumValues(schema, schemaName, cppName).map((value) => `  ${enumerator(value)},`), '};');
  return lines;
}

function cppEnumsSource(schema) {
  const lines = [
    `// ${generatedNote}`,
    "// The debugger's finite sets that the helper protocol shares: stop",
    '// reasons, record, breakpoint and watch modes, access types, fork',
    "// following. Plain enums: their names on the wire are the server's",
    '// business (protocol/ProtocolSchema.h).',
    '#pragma once',
    '',
    'namespace rwd {',
  ];
  for (const [schemaName, cppName] of Object.entries(cppEnums)) {
    if (!protocolOnlyEnums.has(cppName)) lines.push(...enumDeclaration(schema, schemaName, cppName));
  }
  lines.push('', '}  // namespace rwd', '');
  return lines.join('\n');
}

function cppSource(schema) {
  const lines = [
    `// ${generatedNote}`,
    "// The protocol's error codes as a C++ enum, and each value's name on the",
    '// wire of it and of the enums in core/DebugEnums.h:',
    '// wireName(StopReason::InstructionBreakpoint) is "instruction',
    '// breakpoint"; fromWireName<RecordMode>("fromMain") reads one back. And',
    '// the name of every request and event the schema declares.',
    '#pragma once',
    '',
    '#include <array>',
    '#include <cstddef>',
    '#include <optional>',
    '#include <string_view>',
    '',
    '#include "core/DebugEnums.h"',
    '',
    'namespace rwd {',
    '',
    'template <typename Enum>',
    'struct WireNames;',
  ];
  for (const [schemaName, cppName] of Object.entries(cppEnums)) {
    const values = enumValues(schema, schemaName, cppName);
    if (protocolOnlyEnums.has(cppName)) lines.push(...enumDeclaration(schema, schemaName, cppName));
    lines.push('', 'template <>', `struct WireNames<${cppName}> {`);
    lines.push(`  static constexpr std::array<std::string_view, ${values.length}> names = {`);
    lines.push(...values.map((value) => `      ${JSON.stringify(value)},`), '  };', '};');
  }
  const names = (what, list) => [
    '',
    `inline constexpr std::array<std::string_view, ${list.length}> ${what} = {`,
    ...list.map((name) => `    ${JSON.stringify(name)},`),
    '};',
  ];
  lines.push(...names('kRequestNames', Object.keys(schema.properties.requests.properties)));
  lines.push(...names('kEventNames', Object.keys(schema.properties.events.properties)));
  lines.push(
    '',
    'template <typename Enum>',
    'constexpr std::string_view wireName(Enum value) {',
    '  return WireNames<Enum>::names[static_cast<std::size_t>(value)];',
    '}',
    '',
    'template <typename Enum>',
    'constexpr std::optional<Enum> fromWireName(std::string_view text) {',
    '  for (std::size_t i = 0; i < WireNames<Enum>::names.size(); ++i) {',
    '    if (WireNames<Enum>::names[i] == text) return static_cast<Enum>(i);',
    '  }',
    '  return std::nullopt;',
    '}',
    '',
    '}  // namespace rwd',
    '',
  );
  return lines.join('\n');
}

export function readSchema() {
  return JSON.parse(readFileSync(path.join(repoRoot, schemaPath), 'utf8'));
}

export async function generatedFiles(schema = readSchema()) {
  return {
    [typesPath]: await typescriptSource(schema),
    [cppPath]: cppSource(schema),
    [cppEnumsPath]: cppEnumsSource(schema),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, text] of Object.entries(await generatedFiles())) {
    const full = path.join(repoRoot, file);
    let current;
    try {
      current = readFileSync(full, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) stale.push(file);
    else {
      writeFileSync(full, text);
      console.log(`protocol: wrote ${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`protocol: ${stale.join(' and ')} ${stale.length > 1 ? 'differ' : 'differs'} from ${schemaPath}; run: node .ci/protocol.mjs`);
    process.exit(1);
  }
}
