// Lists the running processes from /proc: pid, short name and command line.
// Plain Node (no `vscode` import). Kernel threads (no command line) and
// processes that vanish while being read are left out.

import { promises as fs } from 'fs';

export interface ProcessEntry {
  pid: number;
  name: string;
  commandLine: string;
}

async function readProcessEntry(procRoot: string, pid: number): Promise<ProcessEntry | undefined> {
  try {
    const [comm, cmdline] = await Promise.all([fs.readFile(`${procRoot}/${pid}/comm`, 'utf8'), fs.readFile(`${procRoot}/${pid}/cmdline`)]);
    const commandLine = cmdline.toString('utf8').replace(/\0+$/, '').split('\0').join(' ');
    if (commandLine.length === 0) return undefined;
    return { pid, name: comm.trim(), commandLine };
  } catch {
    return undefined;
  }
}

/** Every user-space process under `procRoot` (default /proc), sorted by name then pid. */
export async function listProcesses(procRoot = '/proc'): Promise<ProcessEntry[]> {
  const names = await fs.readdir(procRoot);
  const pids = names.filter((name) => /^\d+$/.test(name)).map(Number);
  const entries = await Promise.all(pids.map((pid) => readProcessEntry(procRoot, pid)));
  return entries.filter((entry): entry is ProcessEntry => entry !== undefined).sort((a, b) => a.name.localeCompare(b.name) || a.pid - b.pid);
}
