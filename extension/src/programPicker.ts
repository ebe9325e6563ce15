// Chooses the program to debug when a configuration names none: the binary
// named after the active C/C++/Rust source if it exists, otherwise a
// searchable list of the ELF executables in the workspace folder, with an
// entry to type a path instead. Returns undefined when the user cancels.

import * as path from 'path';
import * as vscode from 'vscode';
import { findElfExecutables, isElfExecutable } from './elfExecutables';

/** Binaries that a source file usually builds to: `<folder>/<stem>` and, next to the source, `<stem>`. */
export function likelyBinaries(folder: string | undefined, sourceFile: string | undefined): string[] {
  if (!sourceFile) return [];
  const stem = path.basename(sourceFile, path.extname(sourceFile));
  const candidates = [path.join(path.dirname(sourceFile), stem)];
  if (folder) {
    candidates.unshift(path.join(folder, stem), path.join(folder, 'target', 'debug', stem));
  }
  return [...new Set(candidates)];
}

interface ProgramItem extends vscode.QuickPickItem {
  program?: string;
}

export async function pickProgram(folder: string | undefined, sourceFile: string | undefined): Promise<string | undefined> {
  for (const candidate of likelyBinaries(folder, sourceFile)) {
    if (await isElfExecutable(candidate)) {
      return candidate;
    }
  }
  const root = folder ?? (sourceFile ? path.dirname(sourceFile) : undefined);
  const executables = root ? await findElfExecutables(root) : [];
  const stem = sourceFile ? path.basename(sourceFile, path.extname(sourceFile)) : undefined;
  executables.sort((a, b) => Number(path.basename(b) === stem) - Number(path.basename(a) === stem));

  const typePath: ProgramItem = { label: '$(edit) Enter the path of the program…', alwaysShow: true };
  const items: ProgramItem[] = executables.map((program) => ({
    label: path.basename(program),
    description: root ? path.relative(root, path.dirname(program)) || '.' : path.dirname(program),
    program,
  }));
  const chosen = await vscode.window.showQuickPick<ProgramItem>([...items, typePath], {
    title: 'Rewind: program to debug',
    placeHolder: executables.length > 0 ? 'Pick the executable to debug' : 'No ELF executables found here; build the program first or enter its path',
    matchOnDescription: true,
  });
  if (!chosen) return undefined;
  if (chosen.program) return chosen.program;
  return askForProgramPath(root);
}

async function askForProgramPath(root: string | undefined): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Rewind: program to debug',
    prompt: 'Path of the executable (absolute, or relative to the workspace folder)',
    value: root ? root + path.sep : '',
    validateInput: async (value) => {
      const full = resolveAgainst(root, value);
      return (await isElfExecutable(full)) ? undefined : `${full} is not an executable ELF file`;
    },
  });
  return typed ? resolveAgainst(root, typed) : undefined;
}

function resolveAgainst(root: string | undefined, value: string): string {
  return path.isAbsolute(value) || !root ? value : path.join(root, value);
}
