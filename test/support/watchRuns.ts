// Shared steps of the data breakpoint tests: launch one scenario of the watch
// fixture to the #..._START line of that scenario, ask dataBreakpointInfo
// about a value (as the Variables view, a watch expression or an address
// would), set data breakpoints, tell which mode the helper watches in (the
// CPU's debug registers, or software watchpoints where those do not trap),
// and read what each data stop reports.
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { byName, LaunchArguments, named, RewindDebugClient } from './dapClient';
import { markerLine } from './markers';
import { fixtureBinary, fixtureSource } from './paths';

export const watchSource = fixtureSource('watch', 'main.c');

export function watchLine(marker: string): number {
  return markerLine(watchSource, marker);
}

export interface ScenarioStop {
  threadId: number;
  frame: DebugProtocol.StackFrame;
  /** The line breakpoint that stopped there. */
  lineBreakpoint: DebugProtocol.Breakpoint;
}

/** Launch options of the watch scenarios beyond program and args. */
export interface ScenarioOptions {
  /** The launch option that makes every data breakpoint a software watchpoint. */
  softwareWatchpoints?: boolean;
  /** Record from main (the recorder then single-steps the program). */
  record?: 'fromMain';
}

/** Launches `watch scenario` and stops at the line marked `startMarker`. */
export async function startScenario(client: RewindDebugClient, scenario: string, startMarker: string, options: ScenarioOptions = {}): Promise<ScenarioStop> {
  const launch = { program: fixtureBinary('watch'), args: [scenario], ...options } as LaunchArguments;
  const { stopped, breakpoints } = await client.launchToStop(launch, [{ source: watchSource, lines: [watchLine(startMarker)] }]);
  const threadId = stopped.body.threadId ?? 0;
  const frame = await client.topFrame(threadId);
  assert.equal(frame.line, watchLine(startMarker));
  return { threadId, frame, lineBreakpoint: breakpoints[0][0] };
}

/** One scope ("Locals", "Globals") of a frame: its reference and its variables by name. */
export async function scope(
  client: RewindDebugClient,
  frameId: number,
  scopeName: string,
): Promise<{ ref: number; variables: Map<string, DebugProtocol.Variable> }> {
  const scopes = (await client.scopesRequest({ frameId })).body.scopes;
  const found = scopes.find((candidate) => candidate.name === scopeName);
  assert.ok(found, `a ${scopeName} scope among ${scopes.map((candidate) => candidate.name).join(', ')}`);
  return { ref: found.variablesReference, variables: byName(await client.variables(found.variablesReference)) };
}

/** dataBreakpointInfo; fails the test unless the value can be watched. */
export async function watchable(
  client: RewindDebugClient,
  args: DebugProtocol.DataBreakpointInfoArguments,
): Promise<DebugProtocol.DataBreakpointInfoResponse['body']> {
  const info = (await client.dataBreakpointInfoRequest(args)).body;
  assert.ok(info.dataId, `${args.name} can be watched: ${JSON.stringify(info)}`);
  return info;
}

/** dataBreakpointInfo for `name` among the children of the variable `parent` (e.g. a struct's field). */
export async function watchableChild(client: RewindDebugClient, parent: DebugProtocol.Variable, name: string): Promise<string> {
  assert.ok(parent.variablesReference > 0, `${parent.name} has children`);
  named(byName(await client.variables(parent.variablesReference)), name);
  const info = await watchable(client, { variablesReference: parent.variablesReference, name });
  return info.dataId as string;
}

/** setDataBreakpoints; returns the answers in order. */
export async function setWatches(client: RewindDebugClient, breakpoints: DebugProtocol.DataBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
  const answer = (await client.setDataBreakpointsRequest({ breakpoints })).body.breakpoints;
  assert.equal(answer.length, breakpoints.length, 'one answer per data breakpoint');
  return answer;
}

export interface DataStop {
  description: string;
  hitBreakpointIds: number[] | undefined;
  threadId: number;
  function: string;
  line: number;
}

/** How the helper watches in this session, as the answers of setDataBreakpoints tell the user. */
export type WatchMode = 'hardware' | 'software';

/** The sentence every software watchpoint's answer starts with. */
export const softwareNotice = /^Software watchpoint: /;

/**
 * The mode the answers of setDataBreakpoints say is in effect: software
 * watchpoints announce themselves in every verified answer's message, debug
 * registers in none. Fails the test when the answers disagree.
 */
export function watchMode(answers: DebugProtocol.Breakpoint[]): WatchMode {
  const verified = answers.filter((answer) => answer.verified);
  assert.ok(verified.length > 0, `some data breakpoint is set: ${JSON.stringify(answers)}`);
  const announced = verified.filter((answer) => softwareNotice.test(answer.message ?? ''));
  assert.ok(announced.length === 0 || announced.length === verified.length, `one mode for all: ${JSON.stringify(answers)}`);
  return announced.length > 0 ? 'software' : 'hardware';
}

/** What a data breakpoint stop shows: its reason is checked, its text, thread and place are returned. */
export async function dataStop(client: RewindDebugClient, stopped: DebugProtocol.StoppedEvent): Promise<DataStop> {
  assert.equal(stopped.body.reason, 'data breakpoint', JSON.stringify(stopped.body));
  const threadId = stopped.body.threadId ?? 0;
  const frame = await client.topFrame(threadId);
  return {
    description: stopped.body.description ?? '',
    hitBreakpointIds: stopped.body.hitBreakpointIds,
    threadId,
    function: frame.name,
    line: frame.line,
  };
}

/** Continues until the program exits, recording every data stop; returns them and the exit code. */
export async function runToExitRecordingDataStops(client: RewindDebugClient, threadId: number): Promise<{ stops: DataStop[]; exitCode: number }> {
  const stops: DataStop[] = [];
  const { exited } = await client.continueUntilExit(threadId, async (stopped) => {
    stops.push(await dataStop(client, stopped));
  });
  return { stops, exitCode: exited.body.exitCode };
}
