// Checks the `attach` arguments a client sent: `processId` (a number, or a
// string of digits as VS Code leaves it after resolving
// "${command:pickProcess}"), `program` (optional: the executable the user
// expects; the process's own is used either way), `stopOnEntry`,
// `softwareWatchpoints`, `followFork` (parent or child) and `sourceMap`.
import path from 'node:path';
import { describeValue, UserError } from './errors';
import type { AttachArgs } from './helper/protocol';
import { checkFollowFork } from './launchArguments';
import { PathMapper } from './pathMapper';

export interface CheckedAttach {
  helperArgs: AttachArgs;
  /** The `program` the user named, resolved to an absolute path. */
  expectedProgram: string | undefined;
  paths: PathMapper;
}

function invalid(message: string): UserError {
  return new UserError('InvalidArguments', message);
}

function checkProcessId(value: unknown): number {
  if (typeof value === 'string' && /^\s*\$\{.*\}\s*$/.test(value)) {
    throw invalid(
      `The attach argument 'processId' is still ${describeValue(value.trim())}: this client did not replace the variable. Give the process id as a number.`,
    );
  }
  const pid = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) {
    throw invalid(
      `The attach configuration needs 'processId': the id of a running process, as a number or a string of digits (it was ${describeValue(value)}).`,
    );
  }
  return pid;
}

/** Validates raw `attach` arguments; throws a UserError that names the bad argument. */
export function checkAttachArguments(raw: Record<string, unknown>): CheckedAttach {
  const pid = checkProcessId(raw.processId);
  if (raw.stopOnEntry !== undefined && typeof raw.stopOnEntry !== 'boolean') {
    throw invalid("The attach argument 'stopOnEntry' must be true or false.");
  }
  if (raw.softwareWatchpoints !== undefined && typeof raw.softwareWatchpoints !== 'boolean') {
    throw invalid("The attach argument 'softwareWatchpoints' must be true or false.");
  }
  if (raw.program !== undefined && raw.program !== null && (typeof raw.program !== 'string' || raw.program.trim() === '')) {
    throw invalid("The attach argument 'program' must be the path of the process's executable.");
  }
  return {
    helperArgs: {
      pid,
      stopOnEntry: raw.stopOnEntry === true,
      softwareWatchpoints: raw.softwareWatchpoints === true,
      followFork: checkFollowFork(raw.followFork, 'attach'),
    },
    expectedProgram: typeof raw.program === 'string' ? path.resolve(raw.program) : undefined,
    paths: PathMapper.fromLaunchArgument(raw.sourceMap),
  };
}
