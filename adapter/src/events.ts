// Helper events → DAP events. Every helper event is forwarded after the DAP
// responses in flight, so a response always precedes the events the helper
// sent after it (e.g. `continue`'s response before `stopped`). Stops and
// resumes reset the frame-id table. Signals, throws and panics stop with
// reason `exception`; data breakpoint ids move to their own range
// (dataBreakpointIds.ts). The program's exit becomes a console line, `exited`
// and `terminated`; the helper's unexpected death becomes a console report
// and `terminated`. A GPU thread's stop (`gpuStopped`) is a `stopped` of its
// GPU thread id (gpuThreads.ts). A change of recording becomes a `capabilities` event
// (supportsStepBack) and every `recording` the custom event `rewindRecording`.
// A function call `evaluate` ran becomes `invalidated` (variables), for
// clients that take it.
import type { RewindCustomEvents } from './customRequests';
import {
  BreakpointEvent,
  CapabilitiesEvent,
  ContinuedEvent,
  Event,
  ExitedEvent,
  InvalidatedEvent,
  ModuleEvent,
  OutputEvent,
  StoppedEvent,
  ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { toDapBreakpoint } from './breakpointMapping';
import { dataBreakpointClientId } from './dataBreakpointIds';
import { gpuBreakpointKey, gpuThreadBase } from './gpuThreads';
import { describeExit, type HelperClient, type HelperExit } from './helper/helperClient';
import { addressToHex, type ExitedEventBody, type ModuleEventBody, type StoppedEventBody } from './helper/protocol';
import type { SessionContext } from './sessionContext';
import { describeSignal, signalDescription } from './signals';

/** Registers the listeners that forward `helper`'s events to the DAP client. */
export function forwardHelperEvents(helper: HelperClient, ctx: SessionContext): void {
  helper.on('stopped', (body) =>
    ctx.afterResponses(() => {
      ctx.forgetStop();
      ctx.lastStoppedThread = body.tid;
      ctx.sendEvent(toStoppedEvent(body));
    }),
  );
  helper.on('continued', (body) =>
    ctx.afterResponses(() => {
      ctx.forgetStop();
      ctx.sendEvent(new ContinuedEvent(body.tid, body.allThreadsContinued ?? true));
    }),
  );
  helper.on('gpuStopped', (body) =>
    ctx.afterResponses(() => {
      ctx.forgetStop();
      const event = new StoppedEvent(body.reason, gpuThreadBase + body.thread) as DebugProtocol.StoppedEvent;
      event.body.allThreadsStopped = false;
      if (body.description) event.body.description = body.description;
      ctx.sendEvent(event);
    }),
  );
  helper.on('gpuBreakpoint', (body) => {
    const key = gpuBreakpointKey(body.file, body.line);
    const pending = ctx.gpuPendingBreakpoints.get(key);
    if (!pending) return;
    ctx.gpuPendingBreakpoints.delete(key);
    ctx.queueEvent(new BreakpointEvent('changed', { ...pending, verified: true, message: 'In GPU code.' }));
  });
  helper.on('output', (body) => ctx.queueEvent(new OutputEvent(body.text, body.category)));
  helper.on('thread', (body) => ctx.queueEvent(new ThreadEvent(body.reason, body.tid)));
  helper.on('module', (body) => ctx.queueEvent(toModuleEvent(body)));
  helper.on('breakpoint', (body) =>
    ctx.queueEvent(
      body.reason === 'changed'
        ? new BreakpointEvent('changed', toDapBreakpoint(body.breakpoint, ctx))
        : new BreakpointEvent('removed', { id: removedId(body.breakpoint), verified: false }),
    ),
  );
  helper.on('exited', (body) =>
    ctx.afterResponses(() => {
      ctx.state.programExited = true;
      ctx.forgetStop();
      ctx.console(exitMessage(body));
      ctx.sendEvent(new ExitedEvent(body.exitCode));
      ctx.queueTerminated();
    }),
  );
  // A function call made by `evaluate` may have written the program's
  // memory: the client reads the Variables view again.
  helper.on('invalidated', (body) =>
    ctx.afterResponses(() => {
      if (ctx.clientTakesInvalidated) ctx.sendEvent(new InvalidatedEvent(['variables'], body.tid));
    }),
  );
  helper.on('recording', (body) =>
    ctx.afterResponses(() => {
      // The reverse buttons exist only while there is a history to go back
      // in: the step recorder's, or a native recording still replayable.
      const canGoBack = body.recording || body.native?.active === true;
      if (ctx.state.recording !== canGoBack) {
        ctx.state.recording = canGoBack;
        ctx.sendEvent(new CapabilitiesEvent({ supportsStepBack: canGoBack }));
      }
      const recording: RewindCustomEvents['rewindRecording'] = body;
      ctx.sendEvent(new Event('rewindRecording', recording));
    }),
  );
  helper.onExit((exit) => ctx.afterResponses(() => reportHelperExit(exit, ctx)));
}

/** What the editor says it paused on, by the exception filter that stopped. */
const exceptionKinds: Record<string, string> = { 'cpp-throw': 'C++ exception', 'rust-panic': 'Rust panic' };

function toStoppedEvent(body: StoppedEventBody): DebugProtocol.StoppedEvent {
  const event = new StoppedEvent(body.reason, body.tid) as DebugProtocol.StoppedEvent;
  event.body.allThreadsStopped = body.allThreadsStopped ?? true;
  if (body.hitBreakpointIds && body.hitBreakpointIds.length > 0) {
    event.body.hitBreakpointIds = body.reason === 'data breakpoint' ? body.hitBreakpointIds.map(dataBreakpointClientId) : body.hitBreakpointIds;
  }
  if (body.reason === 'signal') {
    const signal = body.signal ?? 'a signal';
    event.body.reason = 'exception';
    event.body.description = describeSignal(signal);
    event.body.text = body.description ?? `The program received ${describeSignal(signal)}.`;
  } else if (body.reason === 'exception') {
    event.body.description = exceptionKinds[body.exception ?? ''] ?? 'Exception';
    event.body.text = body.description ?? event.body.description;
  } else if (body.description) {
    event.body.description = body.description;
  }
  return event;
}

function removedId(breakpoint: { id: number; kind?: 'data' }): number {
  return breakpoint.kind === 'data' ? dataBreakpointClientId(breakpoint.id) : breakpoint.id;
}

function toModuleEvent(body: ModuleEventBody): DebugProtocol.ModuleEvent {
  const module: DebugProtocol.Module = {
    id: body.module.path || body.module.name,
    name: body.module.name,
    path: body.module.path,
  };
  if (body.module.hasSymbols !== undefined) {
    module.symbolStatus = body.module.hasSymbols ? 'Symbols loaded.' : 'No symbols.';
  }
  if (body.module.base !== undefined) module.addressRange = addressToHex(body.module.base);
  return new ModuleEvent(body.reason, module) as DebugProtocol.ModuleEvent;
}

/** "Program exited with code 3" or "Program terminated by signal SIGSEGV (Segmentation fault)". */
export function exitMessage(body: ExitedEventBody): string {
  if (body.signal) {
    const description = signalDescription(body.signal);
    return `Program terminated by signal ${body.signal}${description === body.signal ? '' : ` (${description})`}`;
  }
  return `Program exited with code ${body.exitCode}`;
}

function reportHelperExit(exit: HelperExit, ctx: SessionContext): void {
  if (exit.expected) return;
  const tail = exit.logTail.filter((line) => line.trim() !== '');
  const log = tail.length > 0 ? ` Its last log lines:\n${tail.join('\n')}` : '';
  ctx.console(`The Rewind helper ${describeExit(exit)} unexpectedly; the debug session ends.${log}`);
  ctx.queueTerminated();
}
