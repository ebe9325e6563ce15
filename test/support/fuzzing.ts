// What the fuzz tests share: a seeded random source (the seed is printed;
// REWIND_FUZZ_SEED replays a run), hostile JSON values (wrong types, nulls,
// huge strings, out-of-range numbers, deep nesting), and the grammar of DAP
// requests read from @vscode/debugprotocol's type declarations: every
// `XArguments` interface with its properties and their declared types, so the
// generated requests follow the protocol, not Rewind's own idea of it.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/**
 * The run's seed, printed: REWIND_FUZZ_SEED when it is a number (to replay
 * a failure), a new random one when it is `random` (to explore), else the
 * test's own fixed seed, so that `npm test` and CI run the same requests
 * every time and a failure is a change in Rewind, not a roll of the dice.
 */
export function fuzzSeed(name: string, fixedSeed: number): number {
  const given = process.env.REWIND_FUZZ_SEED;
  const seed = given === 'random' ? Math.floor(Math.random() * 2 ** 32) : given !== undefined && given !== '' ? Number(given) >>> 0 : fixedSeed;
  console.log(`${name}: seed ${seed} (replay with REWIND_FUZZ_SEED=${seed}; REWIND_FUZZ_SEED=random explores)`);
  return seed;
}

/** Placeholders JSON cannot hold, put into a request's text after JSON.stringify. */
export const rawNumbers = ['1e400', '-1e400', '18446744073709551616', '1.5e308', '-0', '1E2', '123456789012345678901234567890'];
const rawMarker = (index: number): string => `\u0000raw${index}\u0000`;

/** Replaces the raw-number markers in a request's JSON text with the raw numbers. */
export function withRawNumbers(json: string): string {
  return json.replace(/"\\u0000raw(\d+)\\u0000"/g, (_whole, index: string) => rawNumbers[Number(index)]);
}

const hostileStrings = [
  '',
  ' ',
  'undefined',
  '[object Object]',
  '__proto__',
  'constructor',
  '0x',
  '0xffffffffffffffffff',
  '-1',
  '💥',
  '\u0000',
  'a\nb',
  '${env:HOME}',
];

/** Any JSON value, mostly small, sometimes hostile. */
export function hostileValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return random.pick([true, false]);
    case 2:
      return random.pick([0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 63, -(2 ** 63), 1.5, -0.5, Number.MAX_SAFE_INTEGER + 2, 1e300]);
    case 3:
      return rawMarker(random.int(rawNumbers.length));
    case 4:
      return random.pick(hostileStrings);
    case 5:
      return random.chance(0.05) ? 'x'.repeat(1_000_000) : 'y'.repeat(random.int(300));
    case 6:
      return Array.from({ length: random.int(4) }, () => hostileValue(random, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: random.int(3) }, () => [random.pick(['a', 'line', 'name', 'id', '__proto__']), hostileValue(random, depth + 1)]),
      );
    default: {
      let nested: unknown = 1;
      for (let i = random.int(2000); i > 0; i--) nested = [nested];
      return nested;
    }
  }
}

/** A declared property: its name and TypeScript type text. */
export interface DeclaredProperty {
  name: string;
  type: string;
}

/** Every interface of debugProtocol.d.ts with its properties, by name. */
export function debugProtocolInterfaces(): Map<string, DeclaredProperty[]> {
  const file = path.join(repoRoot, 'node_modules', '@vscode', 'debugprotocol', 'lib', 'debugProtocol.d.ts');
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const interfaces = new Map<string, DeclaredProperty[]>();
  for (const match of text.matchAll(/interface (\w+)(?: extends [\w, ]+)? \{([^{}]*)\}/g)) {
    const properties: DeclaredProperty[] = [];
    for (const property of match[2].matchAll(/^\s*(\w+)\??:\s*([^;]+);/gm)) properties.push({ name: property[1], type: property[2].trim() });
    interfaces.set(match[1], properties);
  }
  return interfaces;
}

/** DAP request commands with their argument properties: `fooBar` for each `FooBarArguments`. */
export function dapRequestGrammar(): Map<string, DeclaredProperty[]> {
  const grammar = new Map<string, DeclaredProperty[]>();
  for (const [name, properties] of debugProtocolInterfaces()) {
    const command = /^(\w+)Arguments$/.exec(name)?.[1];
    if (command && !/^(Launch|Attach|RunInTerminal|StartDebugging|Restart|Cancel)$/.test(command)) {
      grammar.set(command.charAt(0).toLowerCase() + command.slice(1), properties);
    }
  }
  return grammar;
}

/**
 * A value for a declared type: mostly one that fits (taken from `plausible`
 * for numbers and strings, so requests reach past the argument checks), else
 * a hostile one.
 */
export function valueFor(
  type: string,
  random: Random,
  interfaces: Map<string, DeclaredProperty[]>,
  plausible: { numbers: number[]; strings: string[] },
  depth = 0,
): unknown {
  if (random.chance(0.2) || depth > 3) return hostileValue(random);
  const choices = type.split('|').map((part) => part.trim());
  const chosen = random.pick(choices);
  if (chosen.endsWith('[]')) {
    return Array.from({ length: random.int(4) }, () => valueFor(chosen.slice(0, -2), random, interfaces, plausible, depth + 1));
  }
  if (/^'.*'$/.test(chosen)) return chosen.slice(1, -1);
  if (chosen === 'number') return random.chance(0.8) ? random.pick(plausible.numbers) : random.int(100);
  if (chosen === 'string') return random.pick(plausible.strings);
  if (chosen === 'boolean') return random.chance(0.5);
  const inner = interfaces.get(chosen);
  if (inner) {
    const object: Record<string, unknown> = {};
    for (const property of inner) {
      if (random.chance(0.7)) object[property.name] = valueFor(property.type, random, interfaces, plausible, depth + 1);
    }
    return object;
  }
  return hostileValue(random);
}
