// `stepOut`: run until the current frame returns to its caller.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { stepThread } from './stepping';

export const stepOut: RequestHandler<DebugProtocol.StepOutArguments, undefined> = (args, ctx) => stepThread('stepOut', args, ctx);
