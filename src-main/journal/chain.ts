import { createHmac } from 'node:crypto';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns an event's hash covers, in the order they are written into it. */
export interface ChainedFields {
  seq: number;
  id: string;
  stationId: string;
  aggregateType: string;
  aggregateId: string;
  aggregateSeq: number;
  type: string;
  version: number;
  /** Canonical JSON, exactly as stored: verification hashes the stored text, never re-encodes. */
  payloadJson: string;
  actor: string;
  at: number;
}

/**
 * hash = HMAC-SHA256(key, prev_hash ‖ canonical bytes of the event). Editing, removing or
 * reordering any event breaks every hash after it, and without the key nobody can forge a new
 * chain that verifies. Fields are joined by a newline after JSON-quoting the free-text ones,
 * so no two different events share the same bytes.
 */
export function chainHash(key: Buffer, prevHash: string, e: ChainedFields): string {
  const text = [
    e.seq,
    JSON.stringify(e.id),
    JSON.stringify(e.stationId),
    JSON.stringify(e.aggregateType),
    JSON.stringify(e.aggregateId),
    e.aggregateSeq,
    JSON.stringify(e.type),
    e.version,
    JSON.stringify(e.actor),
    e.at,
    e.payloadJson,
  ].join('\n');
  return createHmac('sha256', key).update(prevHash).update('\n').update(text).digest('hex');
}
