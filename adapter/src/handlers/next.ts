// `next`: step over one line of the thread's current frame.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { stepThread } from './stepping';

export const next: RequestHandler<DebugProtocol.NextArguments, undefined> = (args, ctx) => stepThread('next', args, ctx);
