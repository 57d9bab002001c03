import type { IpcResult } from './result';

/**
 * The headless host's WebSocket protocol (the browser-side twin of Electron IPC).
 * The client connects to ws://127.0.0.1:<port>/bridge offering the subprotocols
 * [WIRE_PROTOCOL, `token.<per-run token>`]; anything else is refused.
 */
export const WIRE_PROTOCOL = 'station.v1';
export const WIRE_PATH = '/bridge';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export type ClientMessage = { type: 'invoke'; id: number; channel: string; payload: unknown };

export type ServerMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown };
