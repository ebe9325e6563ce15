// Flows shared by the DAP tests of what a stop shows (values, expressions,
// memory, instruction stepping): launch a fixture to a `// #` marker, read a
// scope or a variable's children (also a page of them), evaluate an
// expression and get either its value or the adapter's error message, and
// read or write an int in the program's memory.
import assert from 'node:assert/strict';
import { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, RewindDebugClient } from './dapClient';
import { markerLine } from './markers';
import { fixtureBinary, fixtureSource } from './paths';

export interface Stop {
  threadId: number;
  frameId: number;
  frame: DebugProtocol.StackFrame;
}

/** Launches out/fixtures/<fixture> with a breakpoint at `marker` of test/fixtures/<fixture>/<file> and waits for the stop there. */
export async function stopAtMarker(client: RewindDebugClient, fixture: string, file: string, marker: string, args: string[] = []): Promise<Stop> {
  const source = fixtureSource(fixture, file);
  const { stopped } = await client.launchToStop({ program: fixtureBinary(fixture), args }, [{ source, lines: [markerLine(source, marker)] }]);
  const threadId = stopped.body.threadId ?? 0;
  const frame = await client.topFrame(threadId);
  assert.equal(frame.line, markerLine(source, marker), `stopped at #${marker}`);
  return { threadId, frameId: frame.id, frame };
}

/** The scopes of a frame, by name. */
export async function scopesOf(client: RewindDebugClient, frameId: number): Promise<Map<string, DebugProtocol.Scope>> {
  const scopes = (await client.scopesRequest({ frameId })).body.scopes;
  return new Map(scopes.map((scope) => [scope.name, scope]));
}

/** The variables of one scope ("Locals", "Globals") of a frame, by name. */
export async function scopeVariables(client: RewindDebugClient, frameId: number, scopeName: string): Promise<Map<string, DebugProtocol.Variable>> {
  const scope = (await scopesOf(client, frameId)).get(scopeName);
  assert.ok(scope, `a ${scopeName} scope`);
  return byName(await client.variables(scope.variablesReference));
}

/** The children of an expandable variable, by name. */
export async function childrenOf(client: RewindDebugClient, variable: DebugProtocol.Variable): Promise<Map<string, DebugProtocol.Variable>> {
  assert.ok(variable.variablesReference > 0, `${variable.name} (${variable.value}) is expandable`);
  return byName(await client.variables(variable.variablesReference));
}

/** One page of a variable's children, as VS Code asks for them (filter, start, count). */
export async function childPage(
  client: RewindDebugClient,
  variablesReference: number,
  page: { filter?: 'named' | 'indexed'; start?: number; count?: number; hex?: boolean },
): Promise<DebugProtocol.Variable[]> {
  const args: DebugProtocol.VariablesArguments = { variablesReference };
  if (page.filter) args.filter = page.filter;
  if (page.start !== undefined) args.start = page.start;
  if (page.count !== undefined) args.count = page.count;
  if (page.hex) args.format = { hex: true };
  return (await client.variablesRequest(args)).body.variables;
}

/** The child `path[0]`, then its child `path[1]`, … of a variable. */
export async function descend(client: RewindDebugClient, variable: DebugProtocol.Variable, ...path: string[]): Promise<DebugProtocol.Variable> {
  let current = variable;
  for (const name of path) current = named(await childrenOf(client, current), name);
  return current;
}

/** `[name, value]` of each variable, for exact comparisons of a list. */
export function namesAndValues(list: DebugProtocol.Variable[]): [string, string][] {
  return list.map((variable) => [variable.name, variable.value]);
}

export type Evaluation = { ok: true; result: string; type?: string; variablesReference: number; memoryReference?: string } | { ok: false; message: string };

/** Evaluates in a frame (watch context unless said otherwise); a failure is returned, not thrown. */
export async function evaluateIn(
  client: RewindDebugClient,
  frameId: number,
  expression: string,
  options: { hex?: boolean; context?: string } = {},
): Promise<Evaluation> {
  const args: DebugProtocol.EvaluateArguments = { expression, frameId, context: options.context ?? 'watch' };
  if (options.hex) args.format = { hex: true };
  const response = (await client.sendForResponse('evaluate', args)) as DebugProtocol.EvaluateResponse;
  if (!response.success) return { ok: false, message: response.message ?? '' };
  const body = response.body;
  return { ok: true, result: body.result, type: body.type, variablesReference: body.variablesReference, memoryReference: body.memoryReference };
}

/** The value text of an expression that must evaluate. */
export async function valueOf(client: RewindDebugClient, frameId: number, expression: string, hex = false): Promise<string> {
  const evaluation = await evaluateIn(client, frameId, expression, { hex });
  assert.ok(evaluation.ok, `'${expression}' evaluates: ${evaluation.ok ? '' : evaluation.message}`);
  return evaluation.result;
}

/** Each [expression, expected value] evaluated in the frame, compared all at once. */
export async function expectValues(client: RewindDebugClient, frameId: number, cases: Array<[string, string]>): Promise<void> {
  const actual: Array<[string, string]> = [];
  for (const [expression] of cases) actual.push([expression, await valueOf(client, frameId, expression)]);
  assert.deepEqual(actual, cases);
}

/** The error message of an expression that must fail. */
export async function errorOf(client: RewindDebugClient, frameId: number, expression: string): Promise<string> {
  const evaluation = await evaluateIn(client, frameId, expression);
  assert.ok(!evaluation.ok, `'${expression}' fails, but it gave ${evaluation.ok ? evaluation.result : ''}`);
  return evaluation.message;
}

/** The address at the start of a value text or memory reference ("0x55…", "0x55… <add>"). */
export function addressIn(text: string | undefined): bigint {
  const match = /^0x[0-9a-f]+/i.exec(text ?? '');
  assert.ok(match, `an address at the start of ${JSON.stringify(text)}`);
  return BigInt(match[0]);
}

/** writeMemory of one little-endian int32 at a memory reference; answers bytesWritten. */
export async function writeInt32(client: RewindDebugClient, memoryReference: string, value: number): Promise<number | undefined> {
  const data = Buffer.alloc(4);
  data.writeInt32LE(value);
  const response = (await client.send('writeMemory', { memoryReference, data: data.toString('base64') })) as DebugProtocol.WriteMemoryResponse;
  return response.body?.bytesWritten;
}

/** readMemory of one little-endian int32 at a memory reference. */
export async function readInt32(client: RewindDebugClient, memoryReference: string): Promise<number> {
  const response = (await client.send('readMemory', { memoryReference, count: 4 })) as DebugProtocol.ReadMemoryResponse;
  const bytes = Buffer.from(response.body?.data ?? '', 'base64');
  assert.equal(bytes.length, 4, `4 readable bytes at ${memoryReference}`);
  return bytes.readInt32LE(0);
}
