// The memory map of a process (/proc/PID/maps), for tests that need an
// address at the edge of a mapping: readable bytes followed by unmapped ones.
import fs from 'node:fs';

export interface Mapping {
  start: bigint;
  end: bigint;
  permissions: string;
  name: string;
}

export function mappingsOf(pid: number): Mapping[] {
  return fs
    .readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [range, permissions, , , , ...name] = line.split(/\s+/);
      const [start, end] = range.split('-').map((part) => BigInt(`0x${part}`));
      return { start, end, permissions, name: name.join(' ') };
    });
}

/**
 * A mapping whose permissions match (e.g. /^rw/) and whose end is followed by
 * an unmapped page; its end is then the first unreadable address.
 */
export function mappingBeforeAGap(pid: number, permissions: RegExp): Mapping {
  const mappings = mappingsOf(pid);
  const found = mappings.find(
    (mapping) =>
      permissions.test(mapping.permissions) &&
      !mapping.name.startsWith('[v') && // [vvar], [vdso], [vsyscall] are special
      !mappings.some((other) => other.start === mapping.end),
  );
  if (!found) throw new Error(`no ${permissions} mapping of process ${pid} is followed by a gap`);
  return found;
}
