import { z } from 'zod';
import { journalEntryView } from '../journal/event-types';
import { empty, id, idempotencyKey, minorAmount, plateText, reason } from './fields';
import * as v from './views';

/** Who may call a channel: anyone at the booth, a signed-in cashier (or manager), or a manager. */
export type Access = 'public' | 'cashier' | 'manager';

export interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  /** The answer's shape: the renderer's types come from it, and main checks answers against it. */
  response: Res;
  access: Access;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  access: Access,
): ChannelDef<Req, Res> {
  return { request, response, access };
}

/** Every request channel the renderer may call. The main process validates each payload. */
export const channels = {
  'station:status': channel(empty, v.stationStatus, 'public'),
  'operator:signIn': channel(
    z
      .object({ name: z.string().trim().min(1).max(40), pin: z.string().regex(/^\d{4,8}$/) })
      .strict(),
    v.operatorView,
    'public',
  ),
  'operator:signOut': channel(empty, z.null(), 'public'),

  'lanes:list': channel(empty, z.array(v.laneView), 'public'),
  'lanes:manualRead': channel(
    z.object({ laneId: id, plate: plateText }).strict(),
    v.laneOutcome,
    'cashier',
  ),
  'lanes:trigger': channel(z.object({ laneId: id }).strict(), v.laneOutcome.nullable(), 'cashier'),
  'lanes:openGate': channel(z.object({ laneId: id, reason }).strict(), v.laneView, 'cashier'),

  'sessions:search': channel(
    z.object({ query: z.string().max(32), scope: z.enum(['lot', 'all']).default('lot') }).strict(),
    z.array(v.searchCandidate),
    'cashier',
  ),
  'sessions:get': channel(z.object({ sessionId: id }).strict(), v.sessionView, 'cashier'),
  'sessions:quote': channel(z.object({ sessionId: id }).strict(), v.quoteView, 'cashier'),

  'payments:cash': channel(
    z
      .object({
        sessionId: id,
        tenderedMinor: minorAmount,
        /** The due the cashier saw; a different due now is a conflict, not a silent charge. */
        expectedDueMinor: minorAmount,
        idempotencyKey,
      })
      .strict(),
    v.paymentResult,
    'cashier',
  ),
  'receipts:reprint': channel(
    z.object({ receiptId: id, reason }).strict(),
    v.printOutcome,
    'cashier',
  ),
  /** Receipts that failed or were cut off mid-print (a restart), waiting for the cashier. */
  'receipts:attention': channel(empty, z.array(v.printJobView), 'cashier'),
  'receipts:void': channel(
    z.object({ jobId: z.int().positive().max(Number.MAX_SAFE_INTEGER), reason }).strict(),
    z.array(v.printJobView),
    'cashier',
  ),

  'alerts:list': channel(empty, z.array(v.alertView), 'cashier'),
  'alerts:resolve': channel(
    z.discriminatedUnion('action', [
      z.object({ alertId: id, action: z.literal('match'), sessionId: id, reason }).strict(),
      z
        .object({
          alertId: id,
          action: z.literal('lostTicket'),
          tenderedMinor: minorAmount,
          idempotencyKey,
        })
        .strict(),
      z.object({ alertId: id, action: z.literal('confirm'), plate: plateText }).strict(),
      z.object({ alertId: id, action: z.literal('dismiss'), reason }).strict(),
    ]),
    v.alertResolution,
    'cashier',
  ),

  'lot:list': channel(empty, z.array(v.lotEntry), 'cashier'),
  'lot:correctPlate': channel(
    z.object({ sessionId: id, plate: plateText, reason }).strict(),
    v.parkingSession,
    'manager',
  ),
  'lot:markPaid': channel(
    z.object({ sessionId: id, reason }).strict(),
    v.parkingSession,
    'manager',
  ),
  'lot:deleteRecord': channel(
    z.object({ sessionId: id, reason }).strict(),
    v.parkingSession,
    'manager',
  ),

  'photos:get': channel(
    z.object({ photoId: id }).strict(),
    z.object({ dataUrl: z.string() }),
    'cashier',
  ),
  'audit:list': channel(
    z.object({ limit: z.int().min(1).max(500).default(100) }).strict(),
    z.array(v.auditEntryView),
    'manager',
  ),
  /** The manager browses the journal: newest first, filtered by who, what and when, paged by seq. */
  'journal:list': channel(
    z
      .object({
        beforeSeq: z.int().positive().optional(),
        actor: z.string().trim().min(1).max(40).optional(),
        /** An event type ('payment.taken') or a family ending in a dot ('payment.'). */
        type: z
          .string()
          .regex(/^[a-z]+\.[A-Za-z]*$/, 'an event type such as payment.taken or payment.')
          .optional(),
        aggregateId: id.optional(),
        fromAt: z.int().nonnegative().optional(),
        toAt: z.int().nonnegative().optional(),
        limit: z.int().min(1).max(200).default(50),
      })
      .strict(),
    z.array(journalEntryView),
    'manager',
  ),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
