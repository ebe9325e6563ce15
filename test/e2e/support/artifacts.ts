// Where an end-to-end test keeps what it leaves behind for people to look at:
// test-artifacts/e2e/<test>/ holds numbered screenshots named after each step
// (01-workbench-ready.png, 02-file-open.png, ...), the server's log and the
// browser console. The folder is emptied when a test starts.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths';

export const artifactsRoot: string = path.join(repoRoot, 'test-artifacts', 'e2e');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export class TestArtifacts {
  readonly folder: string;
  private step = 0;

  constructor(testName: string) {
    this.folder = path.join(artifactsRoot, slug(testName));
    fs.rmSync(this.folder, { recursive: true, force: true });
    fs.mkdirSync(this.folder, { recursive: true });
  }

  file(name: string): string {
    return path.join(this.folder, name);
  }

  /** The path for the next step's screenshot: NN-step-name.png. */
  nextScreenshot(stepName: string): string {
    this.step += 1;
    return this.file(`${String(this.step).padStart(2, '0')}-${slug(stepName)}.png`);
  }
}
