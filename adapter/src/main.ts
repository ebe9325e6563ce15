// Entry point of the debug adapter (`node out/adapter.js`): DAP on
// stdin/stdout, or on a TCP port with `--server=PORT` for developing Rewind
// itself. SIGTERM and a closed stdin end the session and the helper with it.
import { DebugSession } from '@vscode/debugadapter';
import { logError } from './log';
import { RewindSession } from './session';

process.on('uncaughtException', (error) => logError(`uncaught exception: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => logError(`unhandled rejection: ${String(reason)}`));

DebugSession.run(RewindSession);
