// The branch-history custom requests (customRequests.ts) and what the
// Branch History and Timeline panels need, forwarded to the helper:
// branchHistory (taken branches), callHistory (function segments),
// instructionHistory (every recorded entry), historyMarkers (timeline
// events), branchStatistics and lineExecutionCounts (editor decorations),
// branchTraceInfo and hardwareTrace (Intel PT/BTS, detected at run time).
// Pages come as asked (start/count, or centred on atIndex); indices are the
// history positions `travelTo` takes. File paths are mapped between the
// editor and the debug information, addresses sent as "0x…" strings.
import { UserError } from '../errors';
import { addressToHex, type BranchKindName, type BranchPageArgs, type HelperCallSegment, type HelperTakenBranch } from '../helper/protocol';
import type { SessionContext } from '../sessionContext';
import type { PageArguments } from '../customRequests';
import { type CustomRequestHandler, optionalNonNegative, requireString } from './requestHandler';

const branchKinds: readonly BranchKindName[] = ['call', 'return', 'jump', 'conditional', 'syscall', 'signal', 'threadSwitch', 'unknown'];

function pageArgs(args: PageArguments | undefined, command: string): BranchPageArgs {
  const page: BranchPageArgs = {};
  const start = optionalNonNegative(args?.start, 'start', command);
  const count = optionalNonNegative(args?.count, 'count', command);
  const atIndex = optionalNonNegative(args?.atIndex, 'atIndex', command);
  if (start !== undefined) page.start = start;
  if (count !== undefined) page.count = count;
  if (atIndex !== undefined) page.atIndex = atIndex;
  if (args?.query !== undefined && args.query !== null) page.query = requireString(args.query, 'query', command);
  return page;
}

function kindList(value: unknown, command: string): BranchKindName[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((kind) => !branchKinds.includes(kind as BranchKindName))) {
    throw new UserError('InvalidArguments', `'${command}' needs 'kinds' as a list of: ${branchKinds.join(', ')}.`, false);
  }
  return value as BranchKindName[];
}

function localFile<T extends { file?: string }>(row: T, ctx: SessionContext): T {
  return row.file === undefined ? row : { ...row, file: ctx.paths.toLocal(row.file) };
}

export const branchHistory: CustomRequestHandler<'branchHistory'> = async (args, ctx) => {
  const kinds = kindList(args?.kinds, 'branchHistory');
  const body = await ctx.helper('branchHistory').request('branchHistory', { ...pageArgs(args, 'branchHistory'), ...(kinds ? { kinds } : {}) });
  const branches = body.branches.map((branch: HelperTakenBranch) => {
    const row = localFile({ ...branch, from: addressToHex(branch.from), to: addressToHex(branch.to) }, ctx);
    return row.toFile === undefined ? row : { ...row, toFile: ctx.paths.toLocal(row.toFile) };
  });
  return { ...body, branches };
};

export const callHistory: CustomRequestHandler<'callHistory'> = async (args, ctx) => {
  const body = await ctx.helper('callHistory').request('callHistory', pageArgs(args, 'callHistory'));
  const segments = body.segments.map((segment: HelperCallSegment) => localFile({ ...segment, address: addressToHex(segment.address) }, ctx));
  return { ...body, segments };
};

export const instructionHistory: CustomRequestHandler<'instructionHistory'> = async (args, ctx) => {
  const page = pageArgs(args, 'instructionHistory');
  delete page.query; // the instruction list is not searched
  const body = await ctx.helper('instructionHistory').request('instructionHistory', page);
  const instructions = body.instructions.map((row) => localFile({ ...row, address: addressToHex(row.address) }, ctx));
  return { ...body, instructions };
};

export const historyMarkers: CustomRequestHandler<'historyMarkers'> = async (args, ctx) => {
  const buckets = optionalNonNegative(args?.buckets, 'buckets', 'historyMarkers');
  const kinds = args?.kinds;
  if (kinds !== undefined && kinds !== null && (!Array.isArray(kinds) || kinds.some((kind) => typeof kind !== 'string'))) {
    throw new UserError('InvalidArguments', "'historyMarkers' needs 'kinds' as a list of strings.", false);
  }
  return ctx.helper('historyMarkers').request('historyMarkers', {
    ...(buckets !== undefined ? { buckets } : {}),
    ...(Array.isArray(kinds) ? { kinds: kinds as string[] } : {}),
  });
};

export const branchStatistics: CustomRequestHandler<'branchStatistics'> = async (args, ctx) => {
  const file = args?.file === undefined || args.file === null ? undefined : requireString(args.file, 'file', 'branchStatistics');
  const body = await ctx.helper('branchStatistics').request('branchStatistics', file ? { file: ctx.paths.toCompiled(file) } : {});
  return { sites: body.sites.map((site) => localFile({ ...site, address: addressToHex(site.address) }, ctx)) };
};

export const lineExecutionCounts: CustomRequestHandler<'lineExecutionCounts'> = async (args, ctx) => {
  const file = requireString(args?.file, 'file', 'lineExecutionCounts');
  const body = await ctx.helper('lineExecutionCounts').request('lineExecutionCounts', { file: ctx.paths.toCompiled(file) });
  return { ...body, file };
};

export const branchTraceInfo: CustomRequestHandler<'branchTraceInfo'> = async (_args, ctx) => ctx.helper('branchTraceInfo').request('branchTraceInfo', {});

export const hardwareTrace: CustomRequestHandler<'hardwareTrace'> = async (args, ctx) => {
  const enable = args?.enable ?? true;
  if (typeof enable !== 'boolean') throw new UserError('InvalidArguments', "'hardwareTrace' needs 'enable' as true or false.", false);
  const tid = optionalNonNegative(args?.threadId, 'threadId', 'hardwareTrace');
  return ctx.helper('hardwareTrace').request('hardwareTrace', { enable, ...(tid !== undefined ? { tid } : {}) });
};
