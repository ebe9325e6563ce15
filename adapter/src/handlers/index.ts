// The handler table: DAP command → handler. The dispatcher in session.ts
// answers any command not listed here with "Rewind does not support the
// request 'X'".
import { attach } from './attach';
import { configurationDone } from './configurationDone';
import { continueRequest } from './continue';
import { disconnect } from './disconnect';
import { evaluate } from './evaluate';
import { initialize } from './initialize';
import { launch } from './launch';
import { next } from './next';
import { pause } from './pause';
import type { RequestHandler } from './requestHandler';
import { scopes } from './scopes';
import { setBreakpoints } from './setBreakpoints';
import { setExceptionBreakpoints } from './setExceptionBreakpoints';
import { stackTrace } from './stackTrace';
import { stepIn } from './stepIn';
import { stepOut } from './stepOut';
import { terminate } from './terminate';
import { threads } from './threads';
import { variables } from './variables';

export const requestHandlers: Readonly<Record<string, RequestHandler | undefined>> = Object.assign(
  Object.create(null) as Record<string, RequestHandler>,
  {
    initialize,
    launch,
    attach,
    setBreakpoints,
    setExceptionBreakpoints,
    configurationDone,
    continue: continueRequest,
    next,
    stepIn,
    stepOut,
    pause,
    threads,
    stackTrace,
    scopes,
    variables,
    evaluate,
    disconnect,
    terminate,
  },
);
