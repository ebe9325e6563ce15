// `stackTrace`: one page of a thread's frames (startFrame/levels), each given
// a frame id valid until the program resumes. Frames without line
// information are shown as "function (module+0xoffset)" and de-emphasised.
// A page costs only what it shows: when the helper did not walk the whole
// stack, `totalFrames` says "at least one more page" so the client asks on.
// Frames whose source file is not on this machine (libc's, from its debug
// information) keep their path and line but are de-emphasised, so the editor
// focuses the first frame it can show.
import type { DebugProtocol } from '@vscode/debugprotocol';
import fs from 'node:fs';
import path from 'node:path';
import { gpuThreadOf, isGpuThread, toDapGpuFrame } from '../gpuThreads';
import { addressToHex, type HelperFrame } from '../helper/protocol';
import { UserError } from '../errors';
import type { SessionContext } from '../sessionContext';
import type { RequestHandler } from './requestHandler';
import { optionalNonNegative, requireInteger } from './requestHandler';

type Body = DebugProtocol.StackTraceResponse['body'];

export const stackTrace: RequestHandler<DebugProtocol.StackTraceArguments, Body> = async (args, ctx) => {
  const helper = ctx.helper('stackTrace');
  const tid = requireInteger(args.threadId, 'threadId', 'stackTrace');
  const startFrame = optionalNonNegative(args.startFrame, 'startFrame', 'stackTrace') ?? 0;
  const levels = optionalNonNegative(args.levels, 'levels', 'stackTrace') ?? 0;
  if (isGpuThread(tid)) return gpuStackTrace(tid, startFrame, ctx);
  const answer = await helper.request('stackTrace', { tid, startFrame, levels });
  const stackFrames = answer.frames.map((frame) => toDapFrame(frame, tid, ctx));
  const shown = startFrame + stackFrames.length;
  let totalFrames: number;
  if (answer.totalFrames !== undefined) {
    totalFrames = answer.totalFrames;
  } else if (levels > 0 && stackFrames.length < levels) {
    totalFrames = shown;
  } else {
    totalFrames = shown + Math.max(levels, 1);
  }
  return { stackFrames, totalFrames };
};

function toDapFrame(frame: HelperFrame, tid: number, ctx: SessionContext): DebugProtocol.StackFrame {
  const id = ctx.frames.idFor(tid, frame.index);
  const instructionPointerReference = addressToHex(frame.pc);
  if (frame.file && frame.line !== undefined && frame.line > 0) {
    const local = ctx.paths.toLocal(frame.file);
    const source: DebugProtocol.Source = { name: path.basename(local), path: local };
    const result: DebugProtocol.StackFrame = {
      id,
      name: frame.function,
      source,
      line: ctx.toClientLine(frame.line),
      column: ctx.toClientColumn(Math.max(frame.column ?? 0, 1)),
      instructionPointerReference,
    };
    if (!sourceExists(local)) {
      source.presentationHint = 'deemphasize';
      source.origin = 'source file not found on this machine';
      result.presentationHint = 'subtle';
    }
    return result;
  }
  const where = frame.module !== undefined ? `${frame.module}+${addressToHex(frame.moduleOffset ?? 0)}` : instructionPointerReference;
  return {
    id,
    name: `${frame.function} (${where})`,
    line: 0,
    column: 0,
    presentationHint: 'subtle',
    instructionPointerReference,
  };
}

const knownSources = new Map<string, boolean>();

/** Whether a source file exists here; remembered, as the same files come back at every stop. */
function sourceExists(file: string): boolean {
  let exists = knownSources.get(file);
  if (exists === undefined) {
    exists = path.isAbsolute(file) && fs.existsSync(file);
    if (knownSources.size > 10_000) knownSources.clear();
    knownSources.set(file, exists);
  }
  return exists;
}

/** A GPU thread's stack: its one frame (pc and source line). */
async function gpuStackTrace(tid: number, startFrame: number, ctx: SessionContext): Promise<Body> {
  const { threads } = await ctx.helper('stackTrace').request('gpuThreads', {});
  const thread = threads.find((candidate) => candidate.id === gpuThreadOf(tid));
  if (!thread) throw new UserError('NotStopped', `GPU thread ${tid} is not stopped (it ran on or ended).`, false);
  if (startFrame > 0) return { stackFrames: [], totalFrames: 1 };
  return { stackFrames: [toDapGpuFrame(thread, ctx.frames.idFor(tid, 0), (file) => ctx.paths.toLocal(file))], totalFrames: 1 };
}
