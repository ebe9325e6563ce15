// The `rewind.pickProcess` command, used as `${command:pickProcess}` in attach
// configurations: a searchable QuickPick of running processes (name, pid,
// command line). Returns the chosen pid as a string, or undefined to cancel.

import * as vscode from 'vscode';
import { listProcesses } from './processList';

interface ProcessItem extends vscode.QuickPickItem {
  pid: number;
}

export async function pickProcess(): Promise<string | undefined> {
  let processes;
  try {
    processes = await listProcesses();
  } catch (error) {
    void vscode.window.showErrorMessage(`Rewind: cannot list processes: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const items: ProcessItem[] = processes
    .filter((entry) => entry.pid !== process.pid)
    .map((entry) => ({
      label: entry.name,
      description: String(entry.pid),
      detail: entry.commandLine,
      pid: entry.pid,
    }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Rewind: attach to process',
    placeHolder: 'Type a name, pid or part of the command line',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return chosen ? String(chosen.pid) : undefined;
}
