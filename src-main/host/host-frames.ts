import type { ClientMessage } from '../../src-shared';

/** Close code for a client that breaks the protocol or its limits (RFC 6455: policy violation). */
export const POLICY_VIOLATION = 1008;

/**
 * Deepest array/object nesting a client frame may have. Ours need a few levels; a frame of
 * thousands parses fine but overflows the stack of whatever walks it next (String(), zod, a log).
 */
const MAX_FRAME_DEPTH = 32;

/** Whether JSON text nests arrays/objects deeper than `max`, found by a scan that never recurses. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      // An escaped character may be a quote: skip it.
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (depth > max) return true;
  }
  return false;
}

/** A client frame as wire.ts defines it, or null for anything else (the socket is then closed). */
export function parseClientMessage(text: string): ClientMessage | null {
  if (nestsDeeperThan(text, MAX_FRAME_DEPTH)) return null;
  let msg: Partial<ClientMessage> | null;
  try {
    msg = JSON.parse(text) as Partial<ClientMessage> | null;
  } catch {
    return null;
  }
  // Channel and payload are the dispatcher's to check; it answers them with an envelope.
  if (msg?.type !== 'invoke' || !Number.isSafeInteger(msg.id)) return null;
  return msg as ClientMessage;
}
