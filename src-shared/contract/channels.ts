import { z } from 'zod';
import type {
  AlertView,
  AuditEntryView,
  LaneOutcome,
  LaneView,
  LotEntry,
  OperatorView,
  ParkingSession,
  PaymentResult,
  PrintJobView,
  PrintState,
  QuoteView,
  SearchCandidate,
  SessionView,
  StationStatus,
} from '../domain/types';
import type { JournalEntryView } from '../journal/event-types';
import { empty, id, idempotencyKey, minorAmount, plateText, reason } from './fields';

/** Who may call a channel: anyone at the booth, a signed-in cashier (or manager), or a manager. */
export type Access = 'public' | 'cashier' | 'manager';

export interface ChannelDef<Req extends z.ZodType, Res> {
  request: Req;
  access: Access;
  /** Phantom: carries the response type only. */
  response?: Res;
}

function channel<Res>() {
  return <Req extends z.ZodType>(request: Req, access: Access): ChannelDef<Req, Res> => ({
    request,
    access,
  });
}

/** Every request channel the renderer may call. The main process validates each payload. */
export const channels = {
  'station:status': channel<StationStatus>()(empty, 'public'),
  'operator:signIn': channel<OperatorView>()(
    z
      .object({ name: z.string().trim().min(1).max(40), pin: z.string().regex(/^\d{4,8}$/) })
      .strict(),
    'public',
  ),
  'operator:signOut': channel<null>()(empty, 'public'),

  'lanes:list': channel<LaneView[]>()(empty, 'public'),
  'lanes:manualRead': channel<LaneOutcome>()(
    z.object({ laneId: id, plate: plateText }).strict(),
    'cashier',
  ),
  'lanes:trigger': channel<LaneOutcome | null>()(z.object({ laneId: id }).strict(), 'cashier'),
  'lanes:openGate': channel<LaneView>()(z.object({ laneId: id, reason }).strict(), 'cashier'),

  'sessions:search': channel<SearchCandidate[]>()(
    z.object({ query: z.string().max(32), scope: z.enum(['lot', 'all']).default('lot') }).strict(),
    'cashier',
  ),
  'sessions:get': channel<SessionView>()(z.object({ sessionId: id }).strict(), 'cashier'),
  'sessions:quote': channel<QuoteView>()(z.object({ sessionId: id }).strict(), 'cashier'),

  'payments:cash': channel<PaymentResult>()(
    z
      .object({
        sessionId: id,
        tenderedMinor: minorAmount,
        /** The due the cashier saw; a different due now is a conflict, not a silent charge. */
        expectedDueMinor: minorAmount,
        idempotencyKey,
      })
      .strict(),
    'cashier',
  ),
  'receipts:reprint': channel<{ printState: PrintState; detail: string }>()(
    z.object({ receiptId: id, reason }).strict(),
    'cashier',
  ),
  /** Receipts that failed or were cut off mid-print (a restart), waiting for the cashier. */
  'receipts:attention': channel<PrintJobView[]>()(empty, 'cashier'),
  'receipts:void': channel<PrintJobView[]>()(
    z.object({ jobId: z.int().positive().max(Number.MAX_SAFE_INTEGER), reason }).strict(),
    'cashier',
  ),

  'alerts:list': channel<AlertView[]>()(empty, 'cashier'),
  'alerts:resolve': channel<{ outcome: LaneOutcome; payment: PaymentResult | null }>()(
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
    'cashier',
  ),

  'lot:list': channel<LotEntry[]>()(empty, 'cashier'),
  'lot:correctPlate': channel<ParkingSession>()(
    z.object({ sessionId: id, plate: plateText, reason }).strict(),
    'manager',
  ),
  'lot:markPaid': channel<ParkingSession>()(
    z.object({ sessionId: id, reason }).strict(),
    'manager',
  ),
  'lot:deleteRecord': channel<ParkingSession>()(
    z.object({ sessionId: id, reason }).strict(),
    'manager',
  ),

  'photos:get': channel<{ dataUrl: string }>()(z.object({ photoId: id }).strict(), 'cashier'),
  'audit:list': channel<AuditEntryView[]>()(
    z.object({ limit: z.int().min(1).max(500).default(100) }).strict(),
    'manager',
  ),
  /** The manager browses the journal: newest first, filtered by who, what and when, paged by seq. */
  'journal:list': channel<JournalEntryView[]>()(
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
    'manager',
  ),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = Exclude<Channels[C]['response'], undefined>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
