import { z } from 'zod';
import type { components } from '../../api/openapi-types';
import { tariffSchema } from '../../src-shared/domain/tariff';

/*
 * What the station reads from the operator's server, as zod schemas: every answer is parsed
 * before anything is applied, so a server that breaks the contract is refused with a readable
 * error instead of corrupting the booth. Each schema is checked at compile time against the
 * types generated from api/openapi.yaml (the `Same` assertions at the end), so the document
 * stays the one source of truth: change it, regenerate, and this file stops compiling where it
 * no longer matches.
 */

type S = components['schemas'];

const epochMs = z.int().min(0);
const plate = z.string().regex(/^[A-Z0-9]{2,10}$/);
const id = z.string().min(1).max(64);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const currency = z.string().regex(/^[A-Z]{3}$/);
const minor = z.int().min(0);

export const tokenResponse = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string().min(16),
  expiresInMs: z.int().min(0),
  refreshToken: z.string().min(16),
  refreshExpiresInMs: z.int().min(0),
  stationId: id,
  serverTime: epochMs,
});

export const eventError = z.object({
  code: z.enum([
    'invalid-event',
    'station-mismatch',
    'out-of-order',
    'sequence-conflict',
    'id-conflict',
  ]),
  message: z.string(),
  expectedAggregateSeq: z.int().min(1).optional(),
});
export const eventResult = z.union([
  z.object({
    id: uuid,
    status: z.enum(['accepted', 'duplicate']),
    serverSeq: z.int().min(1),
    receivedAt: epochMs,
  }),
  z.object({ id: z.string().nullable(), status: z.literal('rejected'), error: eventError }),
]);
export const pushResponse = z.object({ results: z.array(eventResult), receivedAt: epochMs });

export const problem = z.object({
  code: z.string(),
  detail: z.string(),
  status: z.int(),
  retryAfterMs: z.int().min(0).optional(),
});

export const messageStatus = z.strictObject({
  messageId: uuid,
  status: z.enum(['queued', 'sent', 'delivered', 'failed']),
  detail: z.string().max(300).nullable(),
  at: epochMs,
});

const data = {
  tariff: tariffSchema.strict(),
  priceList: z.strictObject({
    id,
    name: z.string().min(1).max(120),
    currency,
    effectiveFrom: epochMs,
    items: z.array(
      z.strictObject({
        sku: id,
        name: z.string().min(1).max(120),
        unit: z.enum(['litre', 'kWh', 'item', 'hour']),
        unitPriceMinor: minor,
      }),
    ),
  }),
  vehicle: z.strictObject({
    plate,
    memberId: id.nullable(),
    label: z.string().max(80).nullable(),
  }),
  member: z.strictObject({
    id,
    name: z.string().min(1).max(120),
    tier: z.enum(['standard', 'silver', 'gold']),
    smsOptIn: z.boolean(),
    /** SHA-256 hex of the phone in E.164: the number itself stays with the operator. */
    phoneSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .optional(),
    /** Member card and app QR codes. */
    codes: z
      .array(z.string().regex(/^[A-Za-z0-9-]{4,64}$/))
      .max(10)
      .optional(),
  }),
  loyaltyBalance: z.strictObject({ memberId: id, points: z.int().min(0), asOf: epochMs }),
  booking: z
    .strictObject({
      id,
      plate,
      zoneId: id.nullable(),
      resource: z.strictObject({
        kind: z.enum(['pump', 'bay']),
        id: z
          .string()
          .min(1)
          .max(40)
          .regex(/^[A-Za-z0-9_-]+$/),
      }),
      startsAt: epochMs,
      endsAt: epochMs,
      status: z.enum(['confirmed', 'cancelled']),
      prepaidMinor: minor,
      currency,
      etokenId: id.nullable(),
      contact: z.string().max(120).nullable(),
      lateUntil: epochMs.nullable(),
    })
    .refine((b) => b.endsAt > b.startsAt, { message: 'a booking ends after it starts' }),
  etokenKey: z.strictObject({
    kid: id,
    alg: z.literal('EdDSA'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    notBefore: epochMs,
    notAfter: epochMs.nullable(),
  }),
  permit: z.strictObject({
    id,
    plate,
    kind: z.enum(['season', 'staff', 'resident', 'contractor']),
    zoneIds: z.array(id),
    validFrom: epochMs,
    validTo: epochMs.nullable(),
  }),
  plateListEntry: z.strictObject({
    plate,
    list: z.enum(['whitelist', 'blacklist']),
    reason: z.string().min(1).max(300),
    validTo: epochMs.nullable(),
  }),
  appPayment: z.strictObject({
    id,
    plate,
    purpose: z.enum(['parking', 'fuel']),
    amountMinor: minor,
    currency,
    paidAt: epochMs,
    validUntil: epochMs,
    reference: z.string().min(1).max(64),
  }),
  messageStatus,
} as const;

export type ChangeKind = keyof typeof data;
export type ChangeData = { [K in ChangeKind]: z.output<(typeof data)[K]> };

const head = {
  seq: z.int().min(1),
  key: z.string().min(1).max(80),
  changedAt: epochMs,
};
const puts = (Object.keys(data) as ChangeKind[]).map((kind) =>
  z.object({ ...head, kind: z.literal(kind), op: z.literal('put'), data: data[kind] }),
);
const kinds = Object.keys(data) as [ChangeKind, ...ChangeKind[]];
const del = z.object({ ...head, kind: z.enum(kinds), op: z.literal('delete') });

export const change = z.union([...puts, del] as unknown as [
  z.ZodType<ChangePut | ChangeDelete>,
  z.ZodType<ChangePut | ChangeDelete>,
]);
export type ChangePut = {
  [K in ChangeKind]: {
    seq: number;
    key: string;
    changedAt: number;
    kind: K;
    op: 'put';
    data: ChangeData[K];
  };
}[ChangeKind];
export type ChangeDelete = {
  seq: number;
  key: string;
  changedAt: number;
  kind: ChangeKind;
  op: 'delete';
};
export type Change = ChangePut | ChangeDelete;

export const changesPage = z.object({
  changes: z.array(change),
  nextCursor: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/),
  hasMore: z.boolean(),
  serverTime: epochMs,
});
export type ChangesPage = z.output<typeof changesPage>;
export type PushResponse = z.output<typeof pushResponse>;
export type TokenResponse = z.output<typeof tokenResponse>;
export type MessageStatus = z.output<typeof messageStatus>;

/** The data schema of one kind (tests check each against the OpenAPI document's examples). */
export const changeDataSchemas = data;

// ---- compile-time checks against the generated OpenAPI types ---------------------------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(): T => true as T;
check<Same<TokenResponse, S['TokenResponse']>>();
check<Same<ChangeData['priceList'], S['PriceList']>>();
check<Same<ChangeData['vehicle'], S['Vehicle']>>();
check<Same<ChangeData['member'], S['Member']>>();
check<Same<ChangeData['loyaltyBalance'], S['LoyaltyBalance']>>();
check<Same<ChangeData['booking'], S['Booking']>>();
check<Same<ChangeData['etokenKey'], S['EtokenKey']>>();
check<Same<ChangeData['permit'], S['Permit']>>();
check<Same<ChangeData['plateListEntry'], S['PlateListEntry']>>();
check<Same<ChangeData['appPayment'], S['AppPayment']>>();
check<Same<ChangeData['messageStatus'], S['MessageStatus']>>();
check<Same<ChangeKind, S['ChangeKind']>>();
