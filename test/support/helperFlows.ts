// Common sequences of helper requests that many tests share: launch a fixture,
// set breakpoints, run to the first stop, read the top frame and locals, step.
import assert from 'node:assert/strict';
import { HelperDriver } from './helperDriver';
import { ExitedBody, HelperBreakpoint, HelperFrame, HelperScope, HelperVariable, LaunchBody, StoppedBody } from './helperTypes';

export interface BreakpointRequest {
  source: string;
  lines: number[];
}

export interface LaunchOptions {
  program: string;
  args?: string[];
  breakpoints?: BreakpointRequest[];
  /** Recording for reverse execution: when it starts. */
  record?: 'off' | 'fromEntry' | 'fromMain';
}

export interface RunResult {
  launch: LaunchBody;
  breakpoints: HelperBreakpoint[][];
}

/** initialize + launch + setBreakpoints; the program is loaded but has not run yet. */
export async function launchWithBreakpoints(helper: HelperDriver, options: LaunchOptions): Promise<RunResult> {
  await helper.request('initialize');
  const launch = await helper.request<LaunchBody>('launch', {
    program: options.program,
    args: options.args ?? [],
    ...(options.record ? { record: options.record } : {}),
  });
  const breakpoints: HelperBreakpoint[][] = [];
  for (const request of options.breakpoints ?? []) {
    breakpoints.push(await setBreakpoints(helper, request.source, request.lines));
  }
  return { launch, breakpoints };
}

export async function setBreakpoints(helper: HelperDriver, source: string, lines: number[]): Promise<HelperBreakpoint[]> {
  const body = await helper.request<{ breakpoints: HelperBreakpoint[] }>('setBreakpoints', { source, lines });
  assert.equal(body.breakpoints.length, lines.length, 'one breakpoint per requested line');
  return body.breakpoints;
}

/** Launches with breakpoints, sends configurationDone and waits for the first stop. */
export async function runToFirstStop(helper: HelperDriver, options: LaunchOptions): Promise<RunResult & { stopped: StoppedBody }> {
  const result = await launchWithBreakpoints(helper, options);
  await helper.request('configurationDone');
  const stopped = await waitForStopped(helper);
  return { ...result, stopped };
}

export async function waitForStopped(helper: HelperDriver): Promise<StoppedBody> {
  const event = await helper.waitForEvent('stopped');
  return event.body as unknown as StoppedBody;
}

export async function waitForExited(helper: HelperDriver): Promise<ExitedBody> {
  const event = await helper.waitForEvent('exited');
  return event.body as unknown as ExitedBody;
}

export async function stackFrames(helper: HelperDriver, tid: number, levels = 50): Promise<HelperFrame[]> {
  const body = await helper.request<{ frames: HelperFrame[] }>('stackTrace', { tid, startFrame: 0, levels });
  assert.ok(body.frames.length > 0, 'a stopped thread has at least one frame');
  return body.frames;
}

export async function topFrame(helper: HelperDriver, tid: number): Promise<HelperFrame> {
  return (await stackFrames(helper, tid, 1))[0];
}

/** Resumes with continue and waits for the next stop. */
export async function continueToStop(helper: HelperDriver): Promise<StoppedBody> {
  await helper.request('continue');
  return waitForStopped(helper);
}

/** Sends next/stepIn/stepOut and waits for the stop it causes; returns the stop and the new top frame. */
export async function step(helper: HelperDriver, kind: 'next' | 'stepIn' | 'stepOut', tid: number): Promise<{ stopped: StoppedBody; frame: HelperFrame }> {
  await helper.request(kind, { tid });
  const stopped = await waitForStopped(helper);
  return { stopped, frame: await topFrame(helper, stopped.tid) };
}

export async function variables(helper: HelperDriver, ref: number): Promise<HelperVariable[]> {
  const body = await helper.request<{ variables: HelperVariable[] }>('variables', { ref });
  return body.variables;
}

/** The locals (and arguments, wherever the helper puts them) of a frame, by name. */
export async function locals(helper: HelperDriver, tid: number, frame = 0): Promise<Map<string, HelperVariable>> {
  const body = await helper.request<{ scopes: HelperScope[] }>('scopes', { tid, frame });
  const scopes = body.scopes.filter((candidate) => /local|argument|parameter/i.test(candidate.name));
  assert.ok(
    scopes.some((scope) => /local/i.test(scope.name)),
    `a Locals scope among ${JSON.stringify(body.scopes)}`,
  );
  const all: HelperVariable[] = [];
  for (const scope of scopes) all.push(...(await variables(helper, scope.ref)));
  return byName(all);
}

export function byName(list: HelperVariable[]): Map<string, HelperVariable> {
  return new Map(list.map((variable) => [variable.name, variable]));
}

export function named(map: Map<string, HelperVariable>, name: string): HelperVariable {
  const variable = map.get(name);
  assert.ok(variable, `variable ${name} among ${[...map.keys()].join(', ')}`);
  return variable;
}
