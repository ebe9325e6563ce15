// `stepIn`: step into the first line of a called function that has line information.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RequestHandler } from './requestHandler';
import { stepThread } from './stepping';

export const stepIn: RequestHandler<DebugProtocol.StepInArguments, undefined> = (args, ctx) => stepThread('stepIn', args, ctx);
