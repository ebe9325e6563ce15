// The shape of every request's arguments (DAP's, from the protocol's
// *Arguments types, and Rewind's custom requests), checked by the dispatcher
// before the handler runs. Only what Rewind reads is listed; a property is
// required here only where the handler cannot do without it. launch and
// attach check their own arguments (launchArguments.ts, attachArguments.ts),
// so their shapes only ask for an object.
import type { ArgumentShape, Shape } from '../argumentCheck';

const source: Shape = { object: { path: 'string', name: 'string', sourceReference: 'integer' } };
const valueFormat: Shape = { object: { hex: 'boolean' } };
const stepGranularity: Shape = { enum: ['statement', 'line', 'instruction'] };
const stepping: ArgumentShape = {
  object: { threadId: 'integer', singleThread: 'boolean', granularity: stepGranularity, targetId: 'integer' },
  required: ['threadId'],
};
const conditions = { condition: 'string', hitCondition: 'string', mode: 'string' } as const;
const page: ArgumentShape = { object: { start: 'integer', count: 'integer', atIndex: 'integer', query: 'string', kinds: { array: 'string' } } };
const none: ArgumentShape = { object: {} };
/** The bytes a history query names: a variable, an expression or a memory range. */
const watchedBytes = {
  variablesReference: 'integer',
  name: 'string',
  expression: 'string',
  frameId: 'integer',
  address: { oneOf: ['string', 'integer'] },
  bytes: 'integer',
} as const;

export const argumentShapes: Readonly<Record<string, ArgumentShape | undefined>> = {
  initialize: {
    object: {
      clientID: 'string',
      clientName: 'string',
      adapterID: 'string',
      locale: 'string',
      linesStartAt1: 'boolean',
      columnsStartAt1: 'boolean',
      pathFormat: 'string',
      supportsRunInTerminalRequest: 'boolean',
    },
  },
  launch: none,
  attach: none,
  setBreakpoints: {
    object: {
      source,
      breakpoints: { array: { object: { line: 'integer', column: 'integer', logMessage: 'string', ...conditions }, required: ['line'] } },
      lines: { array: 'integer' },
      sourceModified: 'boolean',
    },
    required: ['source'],
  },
  breakpointLocations: {
    object: { source, line: 'integer', column: 'integer', endLine: 'integer', endColumn: 'integer' },
    required: ['source', 'line'],
  },
  setFunctionBreakpoints: {
    object: { breakpoints: { array: { object: { name: 'string', ...conditions }, required: ['name'] } } },
    required: ['breakpoints'],
  },
  setExceptionBreakpoints: {
    object: {
      filters: { array: 'string' },
      filterOptions: { array: { object: { filterId: 'string', condition: 'string', mode: 'string' }, required: ['filterId'] } },
      exceptionOptions: { array: 'object' },
    },
  },
  exceptionInfo: { object: { threadId: 'integer' }, required: ['threadId'] },
  dataBreakpointInfo: {
    object: { variablesReference: 'integer', name: 'string', frameId: 'integer', bytes: 'integer', asAddress: 'boolean', mode: 'string' },
    required: ['name'],
  },
  setDataBreakpoints: {
    object: {
      breakpoints: {
        array: { object: { dataId: 'string', accessType: { enum: ['read', 'write', 'readWrite'] }, ...conditions }, required: ['dataId'] },
      },
    },
    required: ['breakpoints'],
  },
  setInstructionBreakpoints: {
    object: {
      breakpoints: { array: { object: { instructionReference: 'string', offset: 'integer', ...conditions }, required: ['instructionReference'] } },
    },
    required: ['breakpoints'],
  },
  configurationDone: none,
  continue: { object: { threadId: 'integer', singleThread: 'boolean' } },
  next: stepping,
  stepIn: stepping,
  stepOut: stepping,
  pause: { object: { threadId: 'integer' } },
  threads: none,
  stackTrace: {
    object: { threadId: 'integer', startFrame: 'integer', levels: 'integer', format: 'object' },
    required: ['threadId'],
  },
  scopes: { object: { frameId: 'integer' }, required: ['frameId'] },
  variables: {
    object: { variablesReference: 'integer', filter: { enum: ['indexed', 'named'] }, start: 'integer', count: 'integer', format: valueFormat },
    required: ['variablesReference'],
  },
  evaluate: {
    object: { expression: 'string', frameId: 'integer', context: 'string', format: valueFormat, line: 'integer', column: 'integer', source },
    required: ['expression'],
  },
  setVariable: {
    object: { variablesReference: 'integer', name: 'string', value: 'string', format: valueFormat },
    required: ['variablesReference', 'name', 'value'],
  },
  setExpression: {
    object: { expression: 'string', value: 'string', frameId: 'integer', format: valueFormat },
    required: ['expression', 'value'],
  },
  readMemory: { object: { memoryReference: 'string', offset: 'integer', count: 'integer' }, required: ['memoryReference', 'count'] },
  writeMemory: {
    object: { memoryReference: 'string', offset: 'integer', allowPartial: 'boolean', data: 'string' },
    required: ['memoryReference', 'data'],
  },
  disassemble: {
    object: { memoryReference: 'string', offset: 'integer', instructionOffset: 'integer', instructionCount: 'integer', resolveSymbols: 'boolean' },
    required: ['memoryReference', 'instructionCount'],
  },
  modules: { object: { startModule: 'integer', moduleCount: 'integer' } },
  loadedSources: none,
  stepBack: stepping,
  reverseContinue: { object: { threadId: 'integer', singleThread: 'boolean' } },
  reverseStepIn: { object: { threadId: 'integer' } },
  reverseStepOut: { object: { threadId: 'integer' } },
  startRecording: { object: { recordLimit: 'integer' } },
  stopRecording: none,
  recordingInfo: none,
  travelTo: { object: { index: 'integer' }, required: ['index'] },
  goToLastWrite: { object: watchedBytes },
  writeHistory: { object: { ...watchedBytes, count: 'integer' } },
  scopeDeclarations: { object: { frameId: 'integer' } },
  codeLines: { object: { file: 'string', endLine: 'integer' }, required: ['file', 'endLine'] },
  branchHistory: page,
  callHistory: page,
  instructionHistory: page,
  historyMarkers: { object: { buckets: 'integer', kinds: { array: 'string' } } },
  branchStatistics: { object: { file: 'string' } },
  lineExecutionCounts: { object: { file: 'string' }, required: ['file', 'endLine'] },
  branchTraceInfo: none,
  hardwareTrace: { object: { enable: 'boolean', threadId: 'integer' } },
  disconnect: { object: { restart: 'boolean', terminateDebuggee: 'boolean', suspendDebuggee: 'boolean' } },
  terminate: { object: { restart: 'boolean' } },
};
