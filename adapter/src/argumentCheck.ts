// Checks a request's arguments against a declared shape before its handler
// runs, so a wrong-typed argument gets a sentence that names it (with the
// path inside arrays and objects, and a short preview of what was sent)
// instead of a TypeError deep in a handler. Properties a shape does not list
// are allowed (clients send extras); `null` counts as absent for optional
// properties, as many clients send it.
import { describeValue, UserError } from './errors';

export type Shape =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'any'
  | { readonly object: Readonly<Record<string, Shape>>; readonly required?: readonly string[] }
  | { readonly array: Shape }
  | { readonly oneOf: readonly Shape[] }
  | { readonly enum: readonly string[] };

/** The object shape of a request's arguments. */
export type ArgumentShape = Extract<Shape, { object: unknown }>;

function describeShape(shape: Shape): string {
  if (typeof shape === 'string') {
    return { string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', any: 'a value' }[shape];
  }
  if ('object' in shape) return 'an object';
  if ('array' in shape) {
    const items = shape.array;
    const plural =
      typeof items === 'string'
        ? { string: 'strings', integer: 'whole numbers', number: 'numbers', boolean: 'booleans', object: 'objects', any: 'values' }[items]
        : undefined;
    return plural ? `an array of ${plural}` : `an array whose items are each ${describeShape(items)}`;
  }
  if ('enum' in shape) return shape.enum.map((choice) => JSON.stringify(choice)).join(' or ');
  return shape.oneOf.map(describeShape).join(' or ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of the first part of `value` that does not fit `shape`, with the shape it should have. */
function firstMismatch(value: unknown, shape: Shape, path: string): { path: string; value: unknown; shape: Shape } | undefined {
  const wrong = { path, value, shape };
  if (shape === 'any') return undefined;
  if (shape === 'string') return typeof value === 'string' ? undefined : wrong;
  if (shape === 'boolean') return typeof value === 'boolean' ? undefined : wrong;
  if (shape === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : wrong;
  if (shape === 'integer') return Number.isSafeInteger(value) ? undefined : wrong;
  if (shape === 'object') return isRecord(value) ? undefined : wrong;
  if ('enum' in shape) return typeof value === 'string' && shape.enum.includes(value) ? undefined : wrong;
  if ('oneOf' in shape) return shape.oneOf.some((choice) => !firstMismatch(value, choice, path)) ? undefined : wrong;
  if ('array' in shape) {
    if (!Array.isArray(value)) return wrong;
    for (let i = 0; i < value.length; i++) {
      const inner = firstMismatch(value[i], shape.array, `${path}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (!isRecord(value)) return wrong;
  for (const [name, inner] of Object.entries(shape.object)) {
    const property = value[name];
    const innerPath = path === '' ? name : `${path}.${name}`;
    if (property === undefined || property === null) {
      if (shape.required?.includes(name)) return { path: innerPath, value: property, shape: inner };
      continue;
    }
    const mismatch = firstMismatch(property, inner, innerPath);
    if (mismatch) return mismatch;
  }
  return undefined;
}

/** Throws an InvalidArguments UserError naming the first argument of `command` that does not fit `shape`. */
export function checkArguments(command: string, args: unknown, shape: ArgumentShape): void {
  const mismatch = firstMismatch(args, shape, '');
  if (!mismatch) return;
  if (mismatch.path === '') {
    throw new UserError('InvalidArguments', `The arguments of '${command}' must be an object, not ${describeValue(args)}.`, false);
  }
  const found = mismatch.value === undefined || mismatch.value === null ? 'it is missing' : `it was ${describeValue(mismatch.value)}`;
  throw new UserError('InvalidArguments', `'${command}' needs '${mismatch.path}' to be ${describeShape(mismatch.shape)}; ${found}.`, false);
}
