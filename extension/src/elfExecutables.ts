// Finds ELF executables in a folder tree, for proposing a program to debug.
// Plain Node (no `vscode` import): checks the executable bit and the ELF
// header (type EXEC, or DYN for position-independent executables), skips
// shared libraries, object files and the usual dependency and VCS folders,
// and stops after a bounded number of directory entries.

import { promises as fs } from 'fs';
import * as path from 'path';

const skippedDirectories = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode', '.cache', '.venv', '__pycache__']);
const sharedLibraryName = /\.so(\.\d+)*$/;
const elfMagic = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const elfTypeExecutable = 2;
const elfTypeShared = 3;

export interface ElfSearchLimits {
  maxDepth: number;
  maxEntries: number;
}

const defaultLimits: ElfSearchLimits = { maxDepth: 5, maxEntries: 20000 };

/** True when `file` is a regular, executable ELF file of type EXEC or DYN (not named like a shared library). */
export async function isElfExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || (stat.mode & 0o111) === 0 || sharedLibraryName.test(path.basename(file))) {
      return false;
    }
    const handle = await fs.open(file, 'r');
    try {
      const header = Buffer.alloc(18);
      const { bytesRead } = await handle.read(header, 0, header.length, 0);
      if (bytesRead < header.length || !header.subarray(0, 4).equals(elfMagic)) {
        return false;
      }
      const littleEndian = header[5] === 1;
      const type = littleEndian ? header.readUInt16LE(16) : header.readUInt16BE(16);
      return type === elfTypeExecutable || type === elfTypeShared;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** ELF executables under `root`, sorted by path. */
export async function findElfExecutables(root: string, limits: ElfSearchLimits = defaultLimits): Promise<string[]> {
  const found: string[] = [];
  let entriesSeen = 0;
  const walk = async (directory: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++entriesSeen > limits.maxEntries) return;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (depth < limits.maxDepth && !skippedDirectories.has(entry.name)) {
          await walk(full, depth + 1);
        }
      } else if (entry.isFile() && (await isElfExecutable(full))) {
        found.push(full);
      }
    }
  };
  await walk(root, 0);
  return found.sort();
}
