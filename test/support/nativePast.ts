// Shared by the tests of reverse execution on native recordings: the
// `nativepast` fixture's input files, what a stop shows (line, the round's
// locals, the general registers), and a launch that stops at each #ROUND
// hit up to a round and keeps what each showed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { byName, named, type RewindDebugClient } from './dapClient';
import { markerLine } from './markers';
import { fixtureBinary, fixtureSource } from './paths';

export const nativePastSource = fixtureSource('nativepast', 'main.c');
export const roundLine = markerLine(nativePastSource, 'ROUND');
export const rounds = 5;
export const shownLocals = ['round', 'got', 'echoed', 'random', 'randomBytes', 'nanoseconds', 'ticks', 'mappedByte', 'total'];
/** What does not come from the clock or the random source is the same in every run. */
export const steadyLocals = ['round', 'got', 'echoed', 'randomBytes', 'mappedByte', 'total'];

export interface InputFiles {
  input: string;
  mapped: string;
  folder: string;
}

export function inputFiles(): InputFiles {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-nativepast-'));
  const input = path.join(folder, 'input.bin');
  const mapped = path.join(folder, 'mapped.bin');
  fs.writeFileSync(input, Buffer.from(Array.from({ length: 16 * rounds }, (_, i) => 33 + ((i * 5) % 90))));
  fs.writeFileSync(mapped, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 11 + 7) % 256)));
  return { input, mapped, folder };
}

/** The processes whose command line names the input files' folder: the program, its replays and checkpoints. */
export function processesOf(files: InputFiles): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(files.folder);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export interface HitState {
  function: string;
  line: number;
  locals: Record<string, string>;
  registers: Record<string, string>;
}

export async function hitState(client: RewindDebugClient, threadId: number): Promise<HitState> {
  const frame = await client.topFrame(threadId);
  const locals = await client.locals(frame.id);
  const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
  const registersScope = scopes.find((scope) => scope.name === 'Registers');
  assert.ok(registersScope, 'a Registers scope');
  const groups = byName(await client.variables(registersScope.variablesReference));
  const general = await client.variables(named(groups, 'General').variablesReference);
  return {
    function: frame.name,
    line: frame.line,
    // Those in scope at the line (the loop's own outside its body are not,
    // nor main's in the inlined __rdtsc).
    locals: Object.fromEntries(shownLocals.filter((name) => locals.has(name)).map((name) => [name, named(locals, name).value])),
    registers: Object.fromEntries(general.map((variable) => [variable.name, variable.value])),
  };
}

/**
 * What is the same at one position in every run, whichever engine records:
 * the line, the steady locals, the code address and the frame's size (the
 * native engine's LD_PRELOAD moves the initial stack, so not the stack's address).
 */
export function steadyShape(state: HitState): string[] {
  return [
    `${state.function}:${state.line}`,
    ...steadyLocals.map((name) => `${name}=${state.locals[name]}`),
    `rip=${state.registers.rip}`,
    `rbp-rsp=${BigInt(state.registers.rbp) - BigInt(state.registers.rsp)}`,
  ];
}

/** Launches with `recordEngine`, stops at each #ROUND hit up to round `upTo` and keeps what each showed. */
export async function runLiveTo(
  client: RewindDebugClient,
  files: InputFiles,
  upTo: number,
  breakpoint: DebugProtocol.SourceBreakpoint = { line: roundLine },
  recordEngine: 'native' | 'step' = 'native',
): Promise<{ threadId: number; seen: HitState[] }> {
  await client.launchWithBreakpoints(
    { program: fixtureBinary('nativepast'), args: [files.input, files.mapped, String(rounds)], record: 'fromMain', recordEngine },
    [],
    async () => {
      await client.setSourceBreakpoints(nativePastSource, [breakpoint]);
    },
  );
  const seen: HitState[] = [];
  let threadId = 0;
  for (;;) {
    const stopped = await client.waitForStopped();
    assert.equal(stopped.body.reason, 'breakpoint');
    threadId = stopped.body.threadId ?? threadId;
    const state = await hitState(client, threadId);
    seen.push(state);
    if (Number(state.locals.round) >= upTo) break;
    await client.continueRequest({ threadId });
  }
  return { threadId, seen };
}
