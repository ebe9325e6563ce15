// GPU threads in DAP: the helper numbers stopped GPU threads 1, 2, …; the
// Threads view shows them after the program's threads under ids from
// gpuThreadBase (above any Linux thread id), named "GPU: device / queue /
// EU or wave / thread". A GPU thread has one frame (its pc and source
// line) and one scope, its registers, whose reference is
// gpuRegistersBase + the GPU thread. GPU memory is read through memory
// references "gpu<thread>:0x…" (the address as that thread sees it).
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import { addressToHex, type HelperGpuRegister, type HelperGpuThread } from './helper/protocol';

/** Linux thread ids stay below 2^22; GPU threads are shown from 2^30. */
export const gpuThreadBase = 0x40000000;
/** Variables references of GPU register scopes (the helper's own stay far below). */
export const gpuRegistersBase = 0x60000000;

export function isGpuThread(threadId: number): boolean {
  return threadId >= gpuThreadBase && threadId < gpuRegistersBase;
}

export function gpuThreadOf(threadId: number): number {
  return threadId - gpuThreadBase;
}

export function isGpuRegisters(reference: number): boolean {
  return reference >= gpuRegistersBase && reference < gpuRegistersBase + gpuThreadBase;
}

export function toDapGpuThread(thread: HelperGpuThread): DebugProtocol.Thread {
  return { id: gpuThreadBase + thread.id, name: `GPU: ${thread.name}` };
}

/** A GPU memory reference: "gpu<thread>:0x…". */
export function gpuMemoryReference(thread: number, address: string): string {
  return `gpu${thread}:${address}`;
}

/** The GPU thread and address of a "gpu<thread>:0x…" memory reference; undefined for any other reference. */
export function parseGpuMemoryReference(reference: unknown): { thread: number; address: string } | undefined {
  if (typeof reference !== 'string') return undefined;
  const match = /^gpu(\d+):(0x[0-9a-f]+)$/i.exec(reference.trim());
  if (!match) return undefined;
  return { thread: Number(match[1]), address: match[2].toLowerCase() };
}

/** The one frame of a stopped GPU thread. */
export function toDapGpuFrame(thread: HelperGpuThread, frameId: number, toLocal: (file: string) => string): DebugProtocol.StackFrame {
  const pc = thread.pc !== undefined ? addressToHex(thread.pc) : undefined;
  const where = thread.function ?? (pc !== undefined ? pc : 'pc unknown');
  const frame: DebugProtocol.StackFrame = { id: frameId, name: `${where} [${thread.unit}${thread.lane ? ` ${thread.lane}` : ''}]`, line: 0, column: 0 };
  if (pc !== undefined) frame.instructionPointerReference = gpuMemoryReference(thread.id, pc);
  if (thread.file && thread.line) {
    const local = toLocal(thread.file);
    frame.source = { name: path.basename(local), path: local };
    frame.line = thread.line;
    frame.column = 1;
  } else {
    frame.presentationHint = 'subtle';
    if (thread.pcUnavailable) frame.name = `${where}: ${thread.pcUnavailable}`;
  }
  return frame;
}

/** A GPU register as a DAP variable (its group as the type). */
export function toDapGpuRegister(register: HelperGpuRegister): DebugProtocol.Variable {
  return { name: register.name, value: register.value, type: register.group, variablesReference: 0 };
}

/** The pc as a register-like variable, so the memory view can open GPU memory there. */
export function gpuPcVariable(thread: HelperGpuThread): DebugProtocol.Variable | undefined {
  if (thread.pc === undefined) return undefined;
  const pc = addressToHex(thread.pc);
  return { name: 'pc', value: pc, type: 'control', variablesReference: 0, memoryReference: gpuMemoryReference(thread.id, pc) };
}

/** The key of a breakpoint by line in GPU code: the file as the helper names it, and the helper's line. */
export function gpuBreakpointKey(file: string, line: number): string {
  return `${file}\n${line}`;
}
