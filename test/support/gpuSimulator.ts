// The simulated GPU devices of the GPU debug tests: writes an event script
// (native/src/gpu/sim/SimScript.h) in which a client binds the stand-in
// kernel (out/fixtures/gpu_kernel.so) and runs threads through it, and
// gives the environment that makes the helper use it
// (REWIND_GPU_SIMULATOR, test only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { markerLine } from './markers';
import { fixtureBinary, fixtureSource } from './paths';

export const gpuKernelSource = fixtureSource('gpu_kernel', 'kernel.c');
export const gpuKernelBinary = fixtureBinary('gpu_kernel.so');
/** Where the client binds the kernel's code object in its VM. */
export const gpuKernelAddress = 0x10000;

/**
 * An Intel Xe script: the client creates a VM and an exec queue, binds the
 * debug SIP's state save area and the kernel (then waits for the
 * debugger's ack of the bind's user fence), runs thread 0.1.3.2 from the
 * `add` line to the end of vector_add, and tears everything down after
 * the debugger resumes it.
 */
export function xeBreakpointScript(): string {
  const from = markerLine(gpuKernelSource, 'add');
  const to = from + 2;
  return [
    'client client=1',
    'vm client=1 vm=2',
    'exec_queue client=1 vm=2 queue=3 class=4 lrcs=5',
    'metadata client=1 handle=7 type=4 slices=1 subslices=2 eus=8 threads=8',
    'bind client=1 vm=2 addr=0x200000 metadata=7',
    `metadata client=1 handle=8 type=0 file=${gpuKernelBinary}`,
    `bind client=1 vm=2 addr=0x${gpuKernelAddress.toString(16)} metadata=8`,
    'wait ack',
    `run queue=3 lrc=5 threads=0.1.3.2 from=@kernel.c:${from} to=@kernel.c:${to}`,
    'wait resume',
    'exec_queue client=1 vm=2 queue=3 lrcs=5 destroy=1',
    'vm client=1 vm=2 destroy=1',
    'client client=1 destroy=1',
    '',
  ].join('\n');
}

/** The environment that makes a helper (or an adapter's helper) simulate an Intel Xe device running `script`. */
export function xeSimulatorEnv(script: string): NodeJS.ProcessEnv {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rwd-gpu-'));
  const file = path.join(directory, 'xe.script');
  fs.writeFileSync(file, script);
  return { ...process.env, REWIND_GPU_SIMULATOR: `xe:${file}` };
}

/** The words the helper uses when this machine offers no GPU debug interface, per vendor, from what is here. */
export function expectedAbsenceClauses(): string[] {
  const clauses = ['GPU debugging is not available here', 'GPU threads will not be shown'];
  if (!fs.existsSync('/dev/dri')) clauses.push('Intel Xe: no GPU device node (/dev/dri is absent)');
  if (!fs.existsSync('/dev/kfd')) clauses.push('AMD: no /dev/kfd device node');
  clauses.push('NVIDIA: ');
  return clauses;
}

/** Whether this machine has a device node a GPU debug interface could use. */
export function machineHasGpuNodes(): boolean {
  const render = fs.existsSync('/dev/dri') && fs.readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  return render || fs.existsSync('/dev/kfd');
}
