// Checks messages against the helper protocol's schema
// (native/protocol/helper-protocol.schema.json), strictly: a response body,
// event body or error that has a field, value or shape the schema does not
// declare is a violation. The test clients run every message the helper sends
// through it, so a field added on the C++ side alone fails the tests. The DAP
// test driver runs every message the adapter exchanged with the helper
// through it too, the adapter's requests included (dapClient.ts).
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

const schemaId = 'urn:rewind:helper-protocol';
const schemaFile = path.join(repoRoot, 'native', 'protocol', 'helper-protocol.schema.json');

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction | undefined>();

function validatorAt(pointer: string): ValidateFunction | undefined {
  if (ajv === undefined) {
    ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
  }
  if (!validators.has(pointer)) validators.set(pointer, ajv.getSchema(`${schemaId}#${pointer}`));
  return validators.get(pointer);
}

/** The field a closed shape does not have (additionalProperties or, for shapes built with allOf, unevaluatedProperties). */
function extraField(error: ErrorObject): string | undefined {
  const params = error.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown } | undefined;
  const field = params?.additionalProperty ?? params?.unevaluatedProperty;
  return field === undefined ? undefined : String(field);
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => `${error.instancePath || '(top)'} ${error.message ?? ''}${extraField(error) === undefined ? '' : ` '${extraField(error)}'`}`)
    .join('; ');
}

function check(pointer: string, value: unknown, what: string): string | undefined {
  const validate = validatorAt(pointer);
  if (validate === undefined) return `${what}: the schema declares no such message`;
  return validate(value) ? undefined : `${what} does not match the schema: ${describe(validate.errors)} in ${JSON.stringify(value).slice(0, 400)}`;
}

const allowedKeys = (message: Record<string, unknown>, keys: string[], what: string): string | undefined => {
  const extra = Object.keys(message).filter((key) => !keys.includes(key));
  return extra.length > 0 ? `${what} has fields the protocol does not frame: ${extra.join(', ')}` : undefined;
};

/** The problem with the arguments of a request the adapter sends, or undefined. */
export function requestViolation(command: string, args: unknown): string | undefined {
  return check(`/properties/requests/properties/${command}/properties/args`, args ?? {}, `the arguments of '${command}'`);
}

/** The problem with a response to `command` (undefined when the command is not known to the caller), or undefined. */
export function responseViolation(command: string | undefined, message: Record<string, unknown>): string | undefined {
  const what = `the response to '${command ?? '(a raw line)'}'`;
  if (message.ok === true) {
    const framing = allowedKeys(message, ['id', 'ok', 'body'], what);
    if (framing) return framing;
    if (command === undefined) return `${what} succeeded, but the line was not a request`;
    return check(`/properties/requests/properties/${command}/properties/body`, message.body ?? {}, what);
  }
  if (message.ok !== false) return `${what} has no ok: true or false`;
  return allowedKeys(message, ['id', 'ok', 'error'], what) ?? check('/$defs/HelperErrorBody', message.error, `the error of ${what}`);
}

/** The problem with an event, or undefined. */
export function eventViolation(message: Record<string, unknown>): string | undefined {
  const name = String(message.event);
  const what = `the '${name}' event`;
  return allowedKeys(message, ['event', 'body'], what) ?? check(`/properties/events/properties/${name}`, message.body ?? {}, what);
}
