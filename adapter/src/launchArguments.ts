// Checks the `launch` arguments a client sent and normalises them for the
// helper: `program` (required; a relative path is resolved against `cwd`),
// `args` (strings), `cwd`, `env` (an object of strings, or an array of
// "K=V" strings as some clients send), `stopOnEntry`, `sourceMap`, `record`
// (off, fromEntry, fromMain), `recordLimit`, `recordEngine` (auto, native,
// step), `softwareWatchpoints`, `console`
// (where the program's input and output go), `disableASLR` (default true),
// `followFork` (parent or child)
// and `coreFile` (a core dump to open instead of running the program).
// Options of the public contract that this build does not do yet are refused
// or noted, never silently dropped.
import path from 'node:path';
import { describeValue, UserError } from './errors';
import type { LaunchArgs } from './helper/protocol';
import { PathMapper } from './pathMapper';

export type ConsoleKind = 'internalConsole' | 'integratedTerminal' | 'externalTerminal';

export interface CheckedLaunch {
  helperArgs: LaunchArgs;
  paths: PathMapper;
  /** Things the user should know, shown in the Debug Console. */
  notes: string[];
  /** Where the program's input and output go. */
  console: ConsoleKind;
  /** A core dump to open instead of running the program (an absolute path). */
  coreFile?: string;
}

const consoleKinds: readonly ConsoleKind[] = ['internalConsole', 'integratedTerminal', 'externalTerminal'];

function checkConsole(value: unknown): ConsoleKind {
  if (value === undefined || value === null) return 'internalConsole';
  if (!consoleKinds.includes(value as ConsoleKind)) {
    throw invalid(`The launch argument 'console' must be "internalConsole", "integratedTerminal" or "externalTerminal", not ${describeValue(value)}.`);
  }
  return value as ConsoleKind;
}

/** `followFork` ("parent" or "child"); attach takes it too. */
export function checkFollowFork(value: unknown, request: 'launch' | 'attach'): 'parent' | 'child' {
  if (value === undefined || value === null) return 'parent';
  if (value !== 'parent' && value !== 'child') {
    throw invalid(
      `The ${request} argument 'followFork' must be "parent" (stay with the program) or "child" (debug the new process after fork), not ${describeValue(value)}.`,
    );
  }
  return value;
}

function checkCoreFile(value: unknown, cwd: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid("The launch argument 'coreFile' must be the path of a core dump of 'program'.");
  }
  return path.resolve(cwd, value);
}

function invalid(message: string): UserError {
  return new UserError('InvalidArguments', message);
}

/** execve takes C strings: a NUL byte would cut a path, argument or variable short without a word. */
function refuseNul(text: string, what: string): void {
  if (text.includes('\u0000')) throw invalid(`${what} contains a NUL byte, which a program's path, arguments and environment cannot hold.`);
}

function checkEnvEntry(name: string, value: string | null): void {
  if (name === '' || name.includes('=')) {
    throw invalid(`The launch argument 'env' has the name ${describeValue(name)}; a variable's name must not be empty or contain '='.`);
  }
  refuseNul(name, `The name of environment variable ${describeValue(name)}`);
  if (value !== null) refuseNul(value, `The value of environment variable '${name}'`);
}

function checkEnv(value: unknown): Record<string, string | null> {
  if (value === undefined || value === null) return {};
  const env: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string' || entry.indexOf('=') <= 0) {
        throw invalid(`The launch argument 'env' has the entry ${describeValue(entry)}; array entries must be "NAME=value" strings.`);
      }
      const equals = entry.indexOf('=');
      checkEnvEntry(entry.slice(0, equals), entry.slice(equals + 1));
      env[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    return env;
  }
  if (typeof value !== 'object') {
    throw invalid('The launch argument \'env\' must be an object like {"NAME": "value"} (or an array of "NAME=value" strings).');
  }
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' && entry !== null) {
      throw invalid(`The launch argument 'env' gives '${name}' the value ${describeValue(entry)}; values must be strings (or null to remove the variable).`);
    }
    checkEnvEntry(name, entry);
    env[name] = entry;
  }
  return env;
}

function checkArgs(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((arg) => typeof arg !== 'string')) {
    throw invalid('The launch argument \'args\' must be an array of strings, e.g. ["--verbose", "input.txt"].');
  }
  (value as string[]).forEach((arg, index) => refuseNul(arg, `The launch argument 'args[${index}]'`));
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
  refuseNul(raw.program, "The launch argument 'program'");
  if (typeof raw.cwd === 'string') refuseNul(raw.cwd, "The launch argument 'cwd'");
  const cwd = path.resolve(typeof raw.cwd === 'string' && raw.cwd !== '' ? raw.cwd : process.cwd());
  const program = path.resolve(cwd, raw.program);
  if (raw.stopOnEntry !== undefined && typeof raw.stopOnEntry !== 'boolean') {
    throw invalid("The launch argument 'stopOnEntry' must be true or false.");
  }
  const coreFile = checkCoreFile(raw.coreFile, cwd);
  const record = raw.record ?? 'off';
  if (record !== 'off' && record !== 'fromEntry' && record !== 'fromMain') {
    throw invalid(`The launch argument 'record' must be "off", "fromEntry" or "fromMain", not ${describeValue(raw.record)}.`);
  }
  const recordLimit = raw.recordLimit ?? 0;
  if (typeof recordLimit !== 'number' || !Number.isInteger(recordLimit) || recordLimit < 0) {
    throw invalid(`The launch argument 'recordLimit' must be a whole number of instructions (0 keeps all), not ${describeValue(raw.recordLimit)}.`);
  }
  const recordEngine = raw.recordEngine ?? 'auto';
  if (recordEngine !== 'auto' && recordEngine !== 'native' && recordEngine !== 'step') {
    throw invalid(`The launch argument 'recordEngine' must be "auto", "native" or "step", not ${describeValue(raw.recordEngine)}.`);
  }
  if (raw.softwareWatchpoints !== undefined && typeof raw.softwareWatchpoints !== 'boolean') {
    throw invalid("The launch argument 'softwareWatchpoints' must be true or false.");
  }
  if (raw.disableASLR !== undefined && typeof raw.disableASLR !== 'boolean') {
    throw invalid("The launch argument 'disableASLR' must be true (addresses repeat from run to run) or false.");
  }
  const consoleKind = checkConsole(raw.console);
  const followFork = checkFollowFork(raw.followFork, 'launch');
  return {
    helperArgs: {
      program,
      args: checkArgs(raw.args),
      cwd,
      env: checkEnv(raw.env),
      stopOnEntry: raw.stopOnEntry === true,
      record,
      recordLimit,
      recordEngine,
      softwareWatchpoints: raw.softwareWatchpoints === true,
      disableASLR: raw.disableASLR !== false,
      followFork,
    },
    paths: PathMapper.fromLaunchArgument(raw.sourceMap),
    notes,
    console: consoleKind,
    coreFile,
  };
}
