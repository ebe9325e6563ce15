// The options a client may put on a breakpoint — condition, hit condition,
// log message, mode — checked before they go to the helper: empty ones are
// dropped, and a hit condition the helper would not understand (it counts
// `== 10` or `10`, `>= 5`, `> 2`, `% 3`) or a mode that is not ours makes
// only its own breakpoint unverified, where the helper would refuse the
// whole request.
import { breakpointModeProblem } from './breakpointModes';
import { preview } from './errors';

export interface BreakpointOptions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  /** Absent for the default, software. */
  mode?: 'hardware';
}

export type CheckedOptions = { ok: true; options: BreakpointOptions } | { ok: false; problem: string };

const hitConditionForm = /^\s*(==|>=|>|%|=)?\s*(\d+)\s*$/;

/** Why `text` is not a hit condition, or undefined when it is one. */
export function hitConditionProblem(text: string): string | undefined {
  const match = hitConditionForm.exec(text);
  if (match && !(match[1] === '%' && Number(match[2]) === 0)) return undefined;
  return `The hit condition '${preview(text)}' is not understood; write one like '== 10', '>= 5', '> 2' or '% 3' (a plain '10' means '== 10'). This breakpoint is not set.`;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TypeError(`The breakpoint's ${name} must be text.`);
  return value.trim() === '' ? undefined : value;
}

/** Checks the options of one breakpoint as a client sent them. */
export function checkBreakpointOptions(raw: { condition?: unknown; hitCondition?: unknown; logMessage?: unknown; mode?: unknown }): CheckedOptions {
  let options: BreakpointOptions;
  try {
    options = {
      condition: optionalText(raw.condition, 'condition')?.trim(),
      hitCondition: optionalText(raw.hitCondition, 'hit condition')?.trim(),
      logMessage: optionalText(raw.logMessage, 'log message'),
    };
  } catch (error) {
    return { ok: false, problem: `${(error as Error).message} This breakpoint is not set.` };
  }
  const problem = (options.hitCondition !== undefined ? hitConditionProblem(options.hitCondition) : undefined) ?? breakpointModeProblem(raw.mode);
  if (problem) return { ok: false, problem: problem.endsWith('This breakpoint is not set.') ? problem : `${problem} This breakpoint is not set.` };
  if (raw.mode === 'hardware') options.mode = 'hardware';
  for (const key of Object.keys(options) as Array<keyof BreakpointOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  return { ok: true, options };
}
