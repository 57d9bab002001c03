import { z } from 'zod';

/** Events the main process pushes to the renderer. Each payload is validated before it is sent. */
const gateState = z.enum(['closed', 'opening', 'open', 'closing', 'fault', 'unknown']);

const laneView = z.object({
  id: z.string(),
  name: z.string(),
  direction: z.enum(['entry', 'exit']),
  zoneId: z.string(),
  gateState,
  gatePosition: z.number().nullable(),
  lastRead: z
    .object({
      plate: z.string(),
      confidence: z.number().min(0).max(1),
      source: z.enum(['camera', 'manual']),
      at: z.number(),
      photoId: z.string().nullable(),
    })
    .nullable(),
  message: z
    .object({
      text: z.string(),
      tone: z.enum(['info', 'ok', 'warn', 'error']),
      amountMinor: z.int().optional(),
    })
    .nullable(),
});

export const events = {
  'lane:updated': laneView,
  /** A camera frame, JPEG base64, sent at a bounded rate per lane. */
  'lane:frame': z.object({ laneId: z.string(), at: z.number(), jpegBase64: z.string() }),
  'zone:occupancy': z.object({
    id: z.string(),
    name: z.string(),
    capacity: z.int(),
    occupied: z.int(),
  }),
  'session:changed': z.object({ sessionId: z.string(), change: z.string() }),
  'alert:raised': z.object({
    id: z.string(),
    kind: z.enum(['no-entry-record', 'low-confidence-read']),
    laneId: z.string(),
    plate: z.string(),
    photoId: z.string().nullable(),
    cropPhotoId: z.string().nullable(),
    confidence: z.number().min(0).max(1),
    alternates: z.array(z.string()),
    at: z.number(),
    resolved: z.boolean(),
    lostTicketFeeMinor: z.int().nonnegative().nullable(),
  }),
  /** A receipt print job finished (or failed); the receipts-to-check list may have changed. */
  'receipt:printed': z.object({
    jobId: z.int(),
    printState: z.enum(['queued', 'printed', 'failed', 'interrupted', 'voided']),
  }),
  'device:status': z.object({
    id: z.string(),
    kind: z.enum(['printer', 'gate', 'camera', 'database', 'anpr', 'journal']),
    label: z.string(),
    health: z.enum(['ok', 'warning', 'fault', 'offline']),
    detail: z.string(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
