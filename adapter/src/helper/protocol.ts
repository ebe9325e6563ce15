// The helper protocol for the adapter: the shapes of every request, response
// body and event (generated from native/protocol/helper-protocol.schema.json
// into protocolTypes.ts, the one source of truth, which native/PROTOCOL.md
// explains), the message framing, and address formatting.
import type { HelperAddress, HelperErrorBody, HelperEvents, HelperRequests } from './protocolTypes';

export * from './protocolTypes';

export type HelperCommand = keyof HelperRequests;

export type HelperEventName = keyof HelperEvents;

// ---- framing ---------------------------------------------------------------

export interface HelperRequestMessage<C extends HelperCommand = HelperCommand> {
  id: number;
  cmd: C;
  args: HelperRequests[C]['args'];
}

export interface HelperResponseMessage {
  id: number | null;
  ok: boolean;
  body?: unknown;
  error?: HelperErrorBody;
}

export interface HelperEventMessage {
  event: string;
  body?: unknown;
}

/** Formats a helper address as DAP wants memory references: "0x…". */
export function addressToHex(address: HelperAddress): string {
  return typeof address === 'number' ? `0x${address.toString(16)}` : address;
}
