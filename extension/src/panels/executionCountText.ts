// The text of the execution-count decorations, with no `vscode` in it: per
// line that ran, "× 12", and for a line with conditional jumps, how often
// each was taken — "× 10 · taken 4 / not taken 6". Also the hover sentence.

import type { BranchSiteRow, LineCount } from '../../../adapter/src/customRequests';

/** What the decorations need of a line of `lineExecutionCounts`. */
export type LineCountSummary = Pick<LineCount, 'line' | 'count'>;

/** What the decorations need of a branch site of `branchStatistics`. */
export type BranchSiteCount = Pick<BranchSiteRow, 'line' | 'taken' | 'notTaken'>;

export interface LineAnnotation {
  line: number;
  text: string;
  hover: string;
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

export function lineAnnotations(lines: readonly LineCountSummary[], sites: readonly BranchSiteCount[]): LineAnnotation[] {
  const branches = new Map<number, string[]>();
  for (const site of sites) {
    if (!site.line) continue;
    const texts = branches.get(site.line) ?? [];
    texts.push(`taken ${number(site.taken)} / not taken ${number(site.notTaken)}`);
    branches.set(site.line, texts);
  }
  return [...lines]
    .sort((a, b) => a.line - b.line)
    .map(({ line, count }) => {
      const branch = branches.get(line);
      return {
        line,
        text: `× ${number(count)}${branch ? ` · ${branch.join(', ')}` : ''}`,
        hover: `Ran ${number(count)} time${count === 1 ? '' : 's'} in the recorded history${branch ? `; its conditional branch was ${branch.join(', ')}` : ''}.`,
      };
    });
}
