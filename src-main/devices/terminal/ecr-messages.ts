/**
 * The card terminal's ECR messages: the payloads of ./ecr-frame, fields separated by FS.
 *
 *   from the console                      from the terminal
 *   SALE ref amount currency              RSLT ref A amount currency authCode cardBrand maskedPan
 *   RFND ref saleRef amount currency      RSLT ref D code reason
 *   STAT ref                              RSLT ref C                 (cancelled on the terminal)
 *   PING
 *                                         RSLT ref P                 (still in progress)
 *                                         RSLT ref N                 (no sale with that ref)
 *                                         PONG terminalId I|B        (idle or busy)
 *
 * `ref` is the console's own transaction reference, unique per sale attempt; the terminal keeps
 * its result, and a SALE with a ref it already knows is answered with that result instead of
 * charging again. So a repeated SALE (a lost ACK, a retry) can never charge twice, and STAT tells
 * the truth about a sale whose reply was lost. `amount` is in minor units (a decimal integer),
 * `currency` ISO 4217 alphabetic. The PAN only ever travels masked (PCI DSS: first 6 and last 4
 * digits at most).
 *
 * Parsing never throws: a payload that is not exactly one of these messages gives null.
 */
import { FS } from './ecr-frame';

export type EcrRequest =
  | { type: 'sale'; reference: string; amount: number; currency: string }
  | { type: 'refund'; reference: string; saleReference: string; amount: number; currency: string }
  | { type: 'status'; reference: string }
  | { type: 'ping' };

/** What the terminal knows about one reference. */
export type TerminalResult =
  | {
      state: 'approved';
      amount: number;
      currency: string;
      authCode: string;
      cardBrand: string;
      maskedPan: string;
    }
  | { state: 'declined'; code: string; reason: string }
  | { state: 'cancelled' }
  | { state: 'in-progress' }
  | { state: 'not-found' };

export type EcrReply =
  | { type: 'result'; reference: string; result: TerminalResult }
  | { type: 'pong'; terminalId: string; busy: boolean };

export const REFERENCE = /^[A-Za-z0-9._-]{1,32}$/;
export const CURRENCY = /^[A-Z]{3}$/;
/** The largest amount nine digits carry (9,999,999.99 in a two-decimal currency). */
export const MAX_AMOUNT = 999_999_999;
const AMOUNT = /^[1-9]\d{0,8}$/;
const AUTH_CODE = /^[A-Z0-9]{1,12}$/;
const CARD_BRAND = /^[A-Za-z0-9 ]{1,20}$/;
const MASKED_PAN = /^\d{0,6}\*{2,13}\d{4}$/;
const CODE = /^[A-Z0-9_]{1,12}$/;
const TERMINAL_ID = /^[A-Za-z0-9._-]{1,16}$/;
const TEXT = /^[\x20-\x7e]{0,80}$/;

const STATE_LETTER = {
  approved: 'A',
  declined: 'D',
  cancelled: 'C',
  'in-progress': 'P',
  'not-found': 'N',
} as const;

/** Whether a sale request is one the protocol can carry. */
export function saleProblem(amount: number, currency: string, reference: string): string | null {
  if (!Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    return `amount must be an integer count of minor units, 1..${MAX_AMOUNT}: ${amount}`;
  }
  if (!CURRENCY.test(currency)) return `currency must be ISO 4217 alphabetic: ${currency}`;
  if (!REFERENCE.test(reference)) {
    return `reference must be 1..32 of A-Z a-z 0-9 . _ -: ${JSON.stringify(reference)}`;
  }
  return null;
}

/** Whether a refund request is one the protocol can carry. */
export function refundProblem(r: {
  reference: string;
  saleReference: string;
  amount: number;
  currency: string;
}): string | null {
  const problem = saleProblem(r.amount, r.currency, r.reference);
  if (problem) return problem;
  if (!REFERENCE.test(r.saleReference)) {
    return `sale reference must be 1..32 of A-Z a-z 0-9 . _ -: ${JSON.stringify(r.saleReference)}`;
  }
  if (r.saleReference === r.reference) return 'a refund needs a reference of its own';
  return null;
}

/** Throws RangeError for a field the protocol cannot carry (a caller's mistake). */
export function encodeRequest(request: EcrRequest): Uint8Array {
  switch (request.type) {
    case 'sale': {
      const problem = saleProblem(request.amount, request.currency, request.reference);
      if (problem) throw new RangeError(problem);
      return fields('SALE', request.reference, String(request.amount), request.currency);
    }
    case 'refund': {
      const problem = refundProblem(request);
      if (problem) throw new RangeError(problem);
      const { reference, saleReference, amount, currency } = request;
      return fields('RFND', reference, saleReference, String(amount), currency);
    }
    case 'status':
      return fields('STAT', checked(REFERENCE, request.reference, 'reference'));
    case 'ping':
      return fields('PING');
  }
}

export function encodeReply(reply: EcrReply): Uint8Array {
  if (reply.type === 'pong') {
    return fields(
      'PONG',
      checked(TERMINAL_ID, reply.terminalId, 'terminal id'),
      reply.busy ? 'B' : 'I',
    );
  }
  const head = ['RSLT', checked(REFERENCE, reply.reference, 'reference')];
  const result = reply.result;
  switch (result.state) {
    case 'approved':
      if (saleProblem(result.amount, result.currency, reply.reference)) {
        throw new RangeError(`bad approved amount ${result.amount} ${result.currency}`);
      }
      return fields(
        ...head,
        'A',
        String(result.amount),
        result.currency,
        checked(AUTH_CODE, result.authCode, 'auth code'),
        checked(CARD_BRAND, result.cardBrand, 'card brand'),
        checked(MASKED_PAN, result.maskedPan, 'masked PAN'),
      );
    case 'declined':
      return fields(
        ...head,
        'D',
        checked(CODE, result.code, 'decline code'),
        checked(TEXT, result.reason, 'reason'),
      );
    default:
      return fields(...head, STATE_LETTER[result.state]);
  }
}

export function parseRequest(payload: Uint8Array): EcrRequest | null {
  const f = splitFields(payload);
  if (f[0] === 'PING' && f.length === 1) return { type: 'ping' };
  if (f[0] === 'STAT' && f.length === 2 && REFERENCE.test(f[1]!)) {
    return { type: 'status', reference: f[1]! };
  }
  if (f[0] === 'SALE' && f.length === 4) {
    const [, reference, amount, currency] = f as [string, string, string, string];
    if (!AMOUNT.test(amount)) return null;
    if (saleProblem(Number(amount), currency, reference)) return null;
    return { type: 'sale', reference, amount: Number(amount), currency };
  }
  if (f[0] === 'RFND' && f.length === 5) {
    const [, reference, saleReference, amount, currency] = f as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (!AMOUNT.test(amount)) return null;
    const refund = { reference, saleReference, amount: Number(amount), currency };
    return refundProblem(refund) ? null : { type: 'refund', ...refund };
  }
  return null;
}

export function parseReply(payload: Uint8Array): EcrReply | null {
  const f = splitFields(payload);
  if (f[0] === 'PONG' && f.length === 3 && TERMINAL_ID.test(f[1]!) && /^[IB]$/.test(f[2]!)) {
    return { type: 'pong', terminalId: f[1]!, busy: f[2] === 'B' };
  }
  if (f[0] !== 'RSLT' || f.length < 3 || !REFERENCE.test(f[1]!)) return null;
  const reference = f[1]!;
  const rest = f.slice(3);
  const result = parseResult(f[2]!, rest);
  return result ? { type: 'result', reference, result } : null;
}

function parseResult(letter: string, rest: string[]): TerminalResult | null {
  switch (letter) {
    case 'A': {
      if (rest.length !== 5) return null;
      const [amount, currency, authCode, cardBrand, maskedPan] = rest as [
        string,
        string,
        string,
        string,
        string,
      ];
      if (!AMOUNT.test(amount) || !CURRENCY.test(currency)) return null;
      if (!AUTH_CODE.test(authCode) || !CARD_BRAND.test(cardBrand)) return null;
      if (!MASKED_PAN.test(maskedPan)) return null;
      return {
        state: 'approved',
        amount: Number(amount),
        currency,
        authCode,
        cardBrand,
        maskedPan,
      };
    }
    case 'D': {
      if (rest.length !== 2) return null;
      const [code, reason] = rest as [string, string];
      if (!CODE.test(code) || !TEXT.test(reason)) return null;
      return { state: 'declined', code, reason };
    }
    case 'C':
      return rest.length === 0 ? { state: 'cancelled' } : null;
    case 'P':
      return rest.length === 0 ? { state: 'in-progress' } : null;
    case 'N':
      return rest.length === 0 ? { state: 'not-found' } : null;
    default:
      return null;
  }
}

function fields(...values: string[]): Uint8Array {
  return Uint8Array.from(values.join(String.fromCharCode(FS)), (c) => c.charCodeAt(0));
}

/** The payload's fields; a byte outside ASCII makes a field no pattern accepts. */
function splitFields(payload: Uint8Array): string[] {
  let text = '';
  for (const byte of payload) text += String.fromCharCode(byte);
  return text.split(String.fromCharCode(FS));
}

function checked(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new RangeError(`bad ${what}: ${JSON.stringify(value)}`);
  return value;
}
