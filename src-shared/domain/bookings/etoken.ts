import { z } from 'zod';
import { canonicalJson } from '../canonical-json';
import { arrival, checkInWindow, describeStatus, type TimeLabel } from './timing';
import { endsAt, resourceRef, type Booking, type BookingRules } from './types';

/*
 * A booking's e-token: the QR code the customer shows, signed by the operator with Ed25519.
 * Text form (what a scanner or a keyboard wedge types):
 *
 *   ET1.<base64url(canonical JSON of the payload)>.<base64url(64-byte signature)>
 *
 * The signature covers the ASCII bytes of "ET1.<payload part>" exactly as carried, so nothing
 * is re-encoded before checking. The station checks it offline with the operator's public key
 * (pulled through sync as an etokenKey), in src-main: this module stays free of crypto and
 * Node, and says only what a payload is, how it is written, and what the station makes of it.
 */

export const ETOKEN_PREFIX = 'ET1';

const epochMs = z.int().min(0);
const id = z.string().min(1).max(64);

/** What the operator signs: whose booking, for what, when, and at which station. */
export const etokenPayload = z.strictObject({
  v: z.literal(1),
  /** The operator key that signed it (an etokenKey's kid). */
  kid: id,
  /** The token's own id: each is good for one check-in. */
  tid: id,
  /** The booking. */
  bid: id,
  /** The station it is valid at. */
  sid: id,
  res: resourceRef.strict(),
  /** The booked window. */
  from: epochMs,
  to: epochMs,
  plate: z.string().regex(/^[A-Z0-9]{2,10}$/),
  /** When the operator issued it. */
  iat: epochMs,
});
export type EtokenPayload = z.output<typeof etokenPayload>;

// ---- base64url, on bytes, without Node's Buffer -------------------------------------------
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += ALPHABET[c & 63]!;
  }
  return out;
}

/** Null when `text` is not unpadded base64url. */
export function fromBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of text) {
    const v = INDEX.get(ch);
    if (v === undefined) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, so each token has exactly one spelling.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes the operator signs for `payload`, as text: "ET1.<payload part>". */
export function signingInput(payload: EtokenPayload): string {
  return `${ETOKEN_PREFIX}.${base64url(utf8.encode(canonicalJson(payload)))}`;
}

/** The token text for a payload and its 64-byte Ed25519 signature over signingInput(payload). */
export function encodeEtoken(payload: EtokenPayload, signature: Uint8Array): string {
  return `${signingInput(payload)}.${base64url(signature)}`;
}

export type ParsedEtoken =
  | { ok: true; payload: EtokenPayload; signingInput: string; signature: Uint8Array }
  | { ok: false; message: string };

/** Reads a scanned token (surrounding whitespace and a scanner's line end are ignored). */
export function parseEtoken(scanned: string): ParsedEtoken {
  const bad = (why: string): ParsedEtoken => ({
    ok: false,
    message: `Not a booking QR code: ${why}.`,
  });
  const text = scanned.trim();
  if (text.length > 2048) return bad('far too long');
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] !== ETOKEN_PREFIX)
    return bad(`it doesn't start with ${ETOKEN_PREFIX}.`);
  const body = fromBase64url(parts[1]!);
  const signature = fromBase64url(parts[2]!);
  if (!body) return bad('its payload is not base64url');
  if (!signature || signature.length !== 64)
    return bad('its signature is not 64 bytes of base64url');
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8.decode(body));
  } catch {
    return bad('its payload is not JSON');
  }
  const parsed = etokenPayload.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return bad(`its payload breaks the format at ${first?.path.join('.') || 'the top'}`);
  }
  return { ok: true, payload: parsed.data, signingInput: `${parts[0]}.${parts[1]}`, signature };
}

// ---- what the station makes of a token --------------------------------------------------

export const etokenRefusalReason = z.enum([
  'malformed',
  'unknown-key',
  'forged',
  'altered',
  'wrong-station',
  'replayed',
  'superseded',
  'not-bookable',
  'too-early',
  'expired',
]);
export type EtokenRefusalReason = z.output<typeof etokenRefusalReason>;

/** What checking the signature with the pulled operator keys found (src-main does it). */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key' | 'key-not-in-force';

export interface EtokenFacts {
  payload: EtokenPayload;
  signature: SignatureCheck;
  /** This station's id. */
  stationId: string;
  /** When this token id was used before, if it was. */
  usedAt: number | null;
  /** The station's record of the token's booking, if it has one. */
  booking: Booking | null;
  rules: BookingRules;
  now: number;
  label: TimeLabel;
}

export type EtokenJudgement =
  | { ok: true; payload: EtokenPayload }
  | { ok: false; reason: EtokenRefusalReason; message: string };

/** The token's claims that differ from the station's booking record. */
export function claimsDiffer(p: EtokenPayload, b: Booking): string[] {
  const out: string[] = [];
  if (p.plate !== b.plate) out.push('plate');
  if (p.res.kind !== b.resource.kind || p.res.id !== b.resource.id) out.push('resource');
  if (p.from !== b.startsAt || p.to !== endsAt(b)) out.push('window');
  if (b.etokenId !== null && p.tid !== b.etokenId) out.push('token id');
  return out;
}

/**
 * Accepts a token or says why not, in the order a cashier needs it: not the operator's
 * signature (forged; altered when it names a booking this station knows but its details differ
 * from it), then the wrong station, then used before, then a booking that changed or is over,
 * then the check-in window (too early, expired).
 */
export function judgeEtoken(f: EtokenFacts): EtokenJudgement {
  const p = f.payload;
  const no = (reason: EtokenRefusalReason, message: string): EtokenJudgement => ({
    ok: false,
    reason,
    message,
  });
  if (f.signature === 'unknown-key') {
    return no(
      'unknown-key',
      `Signed with key ${p.kid}, which this station has not received from the operator: sync, or check the booking in by picking it.`,
    );
  }
  if (f.signature === 'key-not-in-force') {
    return no(
      'unknown-key',
      `The operator's key ${p.kid} was not in force when this token was issued: refused.`,
    );
  }
  if (f.signature === 'invalid') {
    const differ = f.booking ? claimsDiffer(p, f.booking) : [];
    return differ.length > 0
      ? no(
          'altered',
          `Altered: this QR code's ${differ.join(', ')} no longer match${differ.length === 1 ? 'es' : ''} what the operator signed for booking ${p.bid}. Do not check in.`,
        )
      : no('forged', "Forged: the signature is not the operator's. Do not check in.");
  }
  if (p.sid !== f.stationId) {
    return no('wrong-station', `This booking is for another station (${p.sid}), not this one.`);
  }
  if (f.usedAt !== null) {
    return no('replayed', `Already used at ${f.label(f.usedAt)}: each QR code checks in once.`);
  }
  const b = f.booking;
  if (b) {
    const differ = claimsDiffer(p, b);
    if (differ.length > 0) {
      return no(
        'superseded',
        `Booking ${b.id} changed after this QR code was issued (${differ.join(', ')}): ask the customer for the current one.`,
      );
    }
    if (b.status === 'no-show') {
      return no(
        'expired',
        `Expired: check-in closed at ${f.label(checkInWindow(b, f.rules).closesAt)}. Offer a walk-in.`,
      );
    }
    if (b.status !== 'booked') {
      return no('not-bookable', `Booking ${b.id} is ${describeStatus(b.status)}.`);
    }
  }
  const timing = b ?? { startsAt: p.from, lateUntil: null };
  const when = arrival(timing, f.rules, f.now);
  const w = checkInWindow(timing, f.rules);
  if (when === 'too-early')
    return no('too-early', `Too early: check-in opens at ${f.label(w.opensAt)}.`);
  if (when === 'late') {
    return no('expired', `Expired: check-in closed at ${f.label(w.closesAt)}. Offer a walk-in.`);
  }
  return { ok: true, payload: p };
}
