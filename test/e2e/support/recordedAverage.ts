// Where the reverse-debugging end-to-end tests begin: examples/c/average.c
// recorded from main (the launch configuration F5 starts), a breakpoint
// set by clicking the gutter on `return mean;`, F5, and the program stopped
// there at the live end of the recording. Lines are found by their text.
import assert from 'node:assert/strict';
import path from 'node:path';
import { lineContaining, recordAverageFromMain } from './examplesWorkspace';
import type { VsCodeContext } from './vsCodeSession';

export interface RecordedAverage {
  /** The 1-based line of the only line of average.c that contains `text`. */
  line(text: string): number;
}

export async function stopRecordedAverageOnReturn({ workbench, workspace, url }: VsCodeContext): Promise<RecordedAverage> {
  recordAverageFromMain(workspace.folder);
  const source = path.join(workspace.folder, 'c', 'average.c');
  const line = (text: string) => lineContaining(source, text);
  const returnLine = line('return mean;');
  await workbench.open(url);
  await workbench.openFile('c/average.c');
  await workbench.clickGutter(returnLine);
  await workbench.waitForBreakpointGlyph(returnLine);
  await workbench.pressF5();
  await workbench.waitForDebugToolbar();
  assert.equal(await workbench.waitForStoppedLine(returnLine), returnLine);
  await workbench.waitForStatusBarText(/Rewind: live/);
  return { line };
}
