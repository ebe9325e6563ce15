// Generates the code that the helper protocol's schema
// (native/protocol/helper-protocol.schema.json, the one source of truth)
// decides: the TypeScript types of every request, response body and event
// (adapter/src/helper/protocolTypes.ts, which the adapter and the tests
// import) and the C++ enums of its finite sets with their names on the wire
// and the names of every request and event (native/src/protocol/ProtocolSchema.h). `node .ci/protocol.mjs` writes them;
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
/** The files this script writes (the formatter leaves them alone). */
export const generatedPaths = [typesPath, cppPath];
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

function objectType(schema, indent) {
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (properties.length === 0) {
    if (extra === false || extra === undefined) return 'Record<string, never>';
    return `Record<string, ${tsType(extra, indent)}>`;
  }
  if (extra !== false) throw new Error(`${schemaPath}: an object with properties must say additionalProperties: false`);
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = properties.map(([name, property]) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    return `${docComment(property.description, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${tsType(property, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The TypeScript type of a schema (the subset of JSON Schema this protocol uses). */
function tsType(schema, indent = '') {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value).replace(/"/g, "'")).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const).replace(/"/g, "'");
  if (schema.oneOf) return schema.oneOf.map((part) => tsType(part, indent)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => primitive[type]).join(' | ');
  if (schema.type === 'object') return objectType(schema, indent);
  if (schema.type === 'array') {
    const item = tsType(schema.items ?? {}, indent);
    return /[|{]/.test(item) ? `Array<${item}>` : `${item}[]`;
  }
  if (schema.type in primitive) return primitive[schema.type];
  if (Object.keys(schema).filter((key) => key !== 'description').length === 0) return 'unknown';
  throw new Error(`${schemaPath}: no TypeScript type for ${JSON.stringify(schema).slice(0, 200)}`);
}

function declaration(name, schema) {
  const comment = docComment(schema.description, '');
  if (schema.type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) {
    return `${comment}export interface ${name} ${objectType(schema, '')}\n`;
  }
  return `${comment}export type ${name} = ${tsType(schema)};\n`;
}

async function typescriptSource(schema) {
  const parts = [
    `// ${generatedNote}\n// The helper protocol's shapes: every request's arguments and response body\n// (HelperRequests), every event's body (HelperEvents) and the shared types.\n/* eslint-disable */\n`,
  ];
  for (const [name, definition] of Object.entries(schema.$defs)) parts.push(declaration(name, definition));
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

function cppSource(schema) {
  const lines = [
    `// ${generatedNote}`,
    "// The protocol's finite sets as C++ enums, and each value's name on the",
    '// wire: wireName(StopReason::InstructionBreakpoint) is "instruction',
    '// breakpoint"; fromWireName<RecordMode>("fromMain") reads one back. And',
    '// the name of every request and event the schema declares.',
    '#pragma once',
    '',
    '#include <array>',
    '#include <cstddef>',
    '#include <optional>',
    '#include <string_view>',
    '',
    'namespace rwd {',
    '',
    'template <typename Enum>',
    'struct WireNames;',
  ];
  for (const [schemaName, cppName] of Object.entries(cppEnums)) {
    const values = schema.$defs[schemaName]?.enum;
    if (!values) throw new Error(`${schemaPath}: $defs/${schemaName} (C++ ${cppName}) must be an enum`);
    lines.push('');
    if (schema.$defs[schemaName].description) lines.push(`// ${schema.$defs[schemaName].description}`);
    lines.push(`enum class ${cppName} {`, ...values.map((value) => `  ${enumerator(value)},`), '};', '');
    lines.push('template <>', `struct WireNames<${cppName}> {`);
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
  return { [typesPath]: await typescriptSource(schema), [cppPath]: cppSource(schema) };
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
