// registerValues: the values a stop shows (its line and expressions in its
// top frame), to compare two stops. Registers that hold addresses differ
// between runs (ASLR); every other value must not.
import { DebugProtocol } from '@vscode/debugprotocol';
import { RewindDebugClient } from './dapClient';

export async function valuesAtStop(client: RewindDebugClient, stopped: DebugProtocol.StoppedEvent, expressions: string[]): Promise<Record<string, string>> {
  const frame = await client.topFrame(stopped.body.threadId ?? 0);
  const out: Record<string, string> = { line: String(frame.line) };
  for (const expression of expressions) {
    out[expression] = await client.evaluateIn(frame.id, expression).catch((error: Error) => `error: ${error.message}`);
  }
  return out;
}

export function dropAddressRegisters(first: Record<string, string>, second: Record<string, string>, registers: string[]): void {
  const isAddress = (text: string | undefined) => {
    try {
      return BigInt((text ?? '').split(' ')[0]) > 0xffffffffn;
    } catch {
      return false;
    }
  };
  for (const key of registers) {
    if (isAddress(first[key]) || isAddress(second[key])) {
      delete first[key];
      delete second[key];
    }
  }
}
