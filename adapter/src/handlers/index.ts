// The handler table: DAP command → handler. The dispatcher in session.ts
// answers any command not listed here with "Rewind does not support the
// request 'X'".
import { attach } from './attach';
import { breakpointLocations } from './breakpointLocations';
import {
  branchHistory,
  branchStatistics,
  branchTraceInfo,
  callHistory,
  hardwareTrace,
  historyMarkers,
  instructionHistory,
  lineExecutionCounts,
} from './branchHistory';
import { configurationDone } from './configurationDone';
import { continueRequest } from './continue';
import { dataBreakpointInfo } from './dataBreakpointInfo';
import { disassemble } from './disassemble';
import { disconnect } from './disconnect';
import { codeLines, scopeDeclarations, writeHistory } from './editorHistory';
import { evaluate } from './evaluate';
import { exceptionInfo } from './exceptionInfo';
import { initialize } from './initialize';
import { launch } from './launch';
import { loadedSources } from './loadedSources';
import { modules } from './modules';
import { next } from './next';
import { pause } from './pause';
import { readMemory } from './readMemory';
import type { RequestHandler } from './requestHandler';
import { goToLastWrite, recordingInfo, reverseContinue, reverseStepIn, reverseStepOut, startRecording, stepBack, stopRecording, travelTo } from './reverse';
import { scopes } from './scopes';
import { setBreakpoints } from './setBreakpoints';
import { setDataBreakpoints } from './setDataBreakpoints';
import { setExceptionBreakpoints } from './setExceptionBreakpoints';
import { setExpression } from './setExpression';
import { setFunctionBreakpoints } from './setFunctionBreakpoints';
import { setInstructionBreakpoints } from './setInstructionBreakpoints';
import { setVariable } from './setVariable';
import { stackTrace } from './stackTrace';
import { stepIn } from './stepIn';
import { stepOut } from './stepOut';
import { terminate } from './terminate';
import { threads } from './threads';
import { variables } from './variables';
import { writeMemory } from './writeMemory';

export const requestHandlers: Readonly<Record<string, RequestHandler | undefined>> = Object.assign(Object.create(null) as Record<string, RequestHandler>, {
  initialize,
  launch,
  attach,
  setBreakpoints,
  breakpointLocations,
  setFunctionBreakpoints,
  setExceptionBreakpoints,
  exceptionInfo,
  dataBreakpointInfo,
  setDataBreakpoints,
  setInstructionBreakpoints,
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
  setVariable,
  setExpression,
  readMemory,
  writeMemory,
  disassemble,
  modules,
  loadedSources,
  stepBack,
  reverseContinue,
  reverseStepIn,
  reverseStepOut,
  startRecording,
  stopRecording,
  recordingInfo,
  travelTo,
  goToLastWrite,
  scopeDeclarations,
  writeHistory,
  codeLines,
  branchHistory,
  callHistory,
  instructionHistory,
  historyMarkers,
  branchStatistics,
  lineExecutionCounts,
  branchTraceInfo,
  hardwareTrace,
  disconnect,
  terminate,
});
