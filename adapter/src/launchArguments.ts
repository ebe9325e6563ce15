// Checks the `launch` arguments a client sent and normalises them for the
// helper: `program` (required; a relative path is resolved against `cwd`),
// `args` (strings), `cwd`, `env` (an object of strings, or an array of
// "K=V" strings as some clients send), `stopOnEntry`, `sourceMap`, `record`
// (off, fromEntry, fromMain) and `recordLimit`. Options of
// the public contract that this build does not do yet are refused or noted,
// never silently dropped.
import path from 'node:path';
import { UserError } from './errors';
import type { LaunchArgs } from './helper/protocol';
import { PathMapper } from './pathMapper';

export interface CheckedLaunch {
  helperArgs: LaunchArgs;
  paths: PathMapper;
  /** Things the user should know, shown in the Debug Console. */
  notes: string[];
}

function invalid(message: string): UserError {
  return new UserError('InvalidArguments', message);
}

function checkEnv(value: unknown): Record<string, string | null> {
  if (value === undefined || value === null) return {};
  const env: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string' || entry.indexOf('=') <= 0) {
        throw invalid(`The launch argument 'env' has the entry ${JSON.stringify(entry)}; array entries must be "NAME=value" strings.`);
      }
      const equals = entry.indexOf('=');
      env[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    return env;
  }
  if (typeof value !== 'object') {
    throw invalid("The launch argument 'env' must be an object like {\"NAME\": \"value\"} (or an array of \"NAME=value\" strings).");
  }
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' && entry !== null) {
      throw invalid(`The launch argument 'env' gives '${name}' the value ${JSON.stringify(entry)}; values must be strings (or null to remove the variable).`);
    }
    env[name] = entry;
  }
  return env;
}

function checkArgs(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((arg) => typeof arg !== 'string')) {
    throw invalid("The launch argument 'args' must be an array of strings, e.g. [\"--verbose\", \"input.txt\"].");
  }
  return value as string[];
}

/** Validates raw `launch` arguments; throws a UserError that names the bad argument. */
export function checkLaunchArguments(raw: Record<string, unknown>): CheckedLaunch {
  const notes: string[] = [];
  if (typeof raw.program !== 'string' || raw.program.trim() === '') {
    throw invalid("The launch configuration needs 'program': the path of the executable to debug.");
  }
  if (raw.cwd !== undefined && raw.cwd !== null && typeof raw.cwd !== 'string') {
    throw invalid("The launch argument 'cwd' must be a directory path string.");
  }
  const cwd = path.resolve(typeof raw.cwd === 'string' && raw.cwd !== '' ? raw.cwd : process.cwd());
  const program = path.resolve(cwd, raw.program);
  if (raw.stopOnEntry !== undefined && typeof raw.stopOnEntry !== 'boolean') {
    throw invalid("The launch argument 'stopOnEntry' must be true or false.");
  }
  if (raw.coreFile !== undefined) {
    throw new UserError('NotAvailableYet', "Debugging a core file ('coreFile') is not available yet in this build of Rewind.");
  }
  const record = raw.record ?? 'off';
  if (record !== 'off' && record !== 'fromEntry' && record !== 'fromMain') {
    throw invalid(`The launch argument 'record' must be "off", "fromEntry" or "fromMain", not ${JSON.stringify(raw.record)}.`);
  }
  const recordLimit = raw.recordLimit ?? 0;
  if (typeof recordLimit !== 'number' || !Number.isInteger(recordLimit) || recordLimit < 0) {
    throw invalid(`The launch argument 'recordLimit' must be a whole number of instructions (0 keeps all), not ${JSON.stringify(raw.recordLimit)}.`);
  }
  if (raw.console !== undefined && raw.console !== 'internalConsole') {
    notes.push(
      `The program's output appears in the Debug Console: console ${JSON.stringify(raw.console)} is not available yet in this build of Rewind.`,
    );
  }
  return {
    helperArgs: {
      program,
      args: checkArgs(raw.args),
      cwd,
      env: checkEnv(raw.env),
      stopOnEntry: raw.stopOnEntry === true,
      record,
      recordLimit,
    },
    paths: PathMapper.fromLaunchArgument(raw.sourceMap),
    notes,
  };
}
