import { randomInt, randomUUID } from 'node:crypto';
import type { components } from '../api/openapi-types';
import { toFieldErrors, type ApiDoc, type FieldError } from './api-doc';
import type { ChangeInput, ChangeKind } from './store/store';

type S = components['schemas'];

/** The key of each kind's record, as the API document describes it under each schema. */
const KEY_OF: Record<ChangeKind, (d: Record<string, unknown>) => unknown> = {
  tariff: (d) => d['id'],
  priceList: (d) => d['id'],
  vehicle: (d) => d['plate'],
  member: (d) => d['id'],
  loyaltyBalance: (d) => d['memberId'],
  booking: (d) => d['id'],
  etokenKey: (d) => d['kid'],
  permit: (d) => d['id'],
  plateListEntry: (d) => `${String(d['list'])}:${String(d['plate'])}`,
  appPayment: (d) => d['id'],
  messageStatus: (d) => d['messageId'],
};
export const CHANGE_KINDS = Object.keys(KEY_OF) as ChangeKind[];

/** A kind's data schema is its name capitalised: tariff -> Tariff. */
const schemaName = (kind: ChangeKind) => kind[0]!.toUpperCase() + kind.slice(1);

/**
 * Checks a put's data against the document before it enters a feed, so a station is never
 * served reference data its own client would (rightly) refuse.
 */
export function toChange(
  doc: ApiDoc,
  kind: ChangeKind,
  op: 'put' | 'delete',
  dataOrKey: unknown,
): ChangeInput | FieldError[] {
  if (op === 'delete') {
    return typeof dataOrKey === 'string' && dataOrKey.length > 0 && dataOrKey.length <= 80
      ? { kind, op, key: dataOrKey, data: null }
      : [{ path: '/key', message: 'must be a string of 1 to 80 characters' }];
  }
  const validate = doc.schema(schemaName(kind));
  if (!validate(dataOrKey)) return toFieldErrors(validate.errors);
  const key = String(KEY_OF[kind](dataOrKey as Record<string, unknown>));
  return { kind, op, key, data: dataOrKey };
}

/** Normalises a typed plate the way stations store plates (uppercase, no spaces or dashes). */
export const normalPlate = (raw: string) => raw.toUpperCase().replace(/[\s\-.]/g, '');

/** A payment "made in the operator's app" for a plate, as the app would record it. */
export function appPayment(input: {
  plate: string;
  purpose: 'parking' | 'fuel';
  amountMinor: number;
  currency: string;
  validForMs: number;
  now: number;
}): S['AppPayment'] {
  return {
    id: `app-${randomUUID()}`,
    plate: normalPlate(input.plate),
    purpose: input.purpose,
    amountMinor: input.amountMinor,
    currency: input.currency,
    paidAt: input.now,
    validUntil: input.now + input.validForMs,
    reference: `APP-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`,
  };
}
