/**
 * The messages of the forecourt controller line protocol (FCL/1, ./PROTOCOL.md): the bodies
 * of ./fcl-line's lines. A body is a tag, a method and its arguments, separated by one space:
 *
 *   from the console (tag C1, C2…)         from the controller
 *   Cn STATUS [pump]                       Cn OK
 *   Cn AUTH pump authId [presetMinor]      Cn ERR code text…
 *   Cn STOP pump                           * PUMP pump state nozzle grade authId preset
 *   Cn DELIVERIES                          * NOZZLE pump nozzle up|down grade
 *   Cn CLEAR pump deliveryId               * PROGRESS pump authId grade ml amount
 *                                          * DEND pump deliveryId authId nozzle grade ml
 *                                              unitPrice amount preset reason
 *                                          * ERR code text…      (a line it could not read)
 *
 * "-" stands for an absent value. Numbers are decimal integers without leading zeros: volumes
 * in millilitres, unit prices in thousandths of the minor unit per litre, amounts in minor
 * units (src-shared/domain/fuel). Parsing never throws: a body that is not exactly one of
 * these messages is reported as such, with the reason.
 */
import { GRADE_ID } from '../../../src-shared/domain/fuel';
import type {
  DeliveryEnd,
  DeliveryEndReason,
  PumpEvent,
  PumpState,
  PumpStatus,
} from './pump-controller';

export type FclRequest =
  | { method: 'STATUS'; pump: number | null }
  | { method: 'AUTH'; pump: number; authId: string; presetMinor: number | null }
  | { method: 'STOP'; pump: number }
  | { method: 'DELIVERIES' }
  | { method: 'CLEAR'; pump: number; deliveryId: string };

/** Notifications carry no tag and are never answered. */
export type FclNotification =
  | Extract<PumpEvent, { kind: 'pump' | 'nozzle' | 'progress' | 'delivery-end' }>
  | { kind: 'error'; code: number; detail: string };

export type FclReply =
  { tag: string; ok: true } | { tag: string; ok: false; code: number; detail: string };

/** Error codes (after HTTP's, as OpenFSC uses them). */
export const FCL_ERROR = {
  badRequest: 400,
  notFound: 404,
  unknownMethod: 405,
  conflict: 409,
  fault: 500,
} as const;

export const TAG = /^[A-Za-z][A-Za-z0-9]{0,7}$/;
/** Starts with a letter or digit: a lone "-" means absent. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const PUMP = /^[1-9]\d?$/;
const NOZZLE = /^[1-9]$/;
const COUNT = /^(0|[1-9]\d{0,11})$/;
const PRESET = /^[1-9]\d{0,8}$/;
const CODE = /^[1-5]\d\d$/;
const TEXT = /^[\x20-\x7e]{0,120}$/;
export const MAX_PRESET = 999_999_999;
export const MAX_COUNT = 999_999_999_999;

const STATES: readonly PumpState[] = ['idle', 'calling', 'authorised', 'fuelling', 'stopped'];
const REASONS: readonly DeliveryEndReason[] = ['hung-up', 'preset', 'stopped'];

/** Whether these are arguments the protocol can carry; the problem if not. */
export function requestProblem(request: FclRequest): string | null {
  const pump = 'pump' in request ? request.pump : null;
  if (pump !== null && !(Number.isInteger(pump) && pump >= 1 && pump <= 99)) {
    return `pump must be 1..99: ${pump}`;
  }
  if (request.method === 'AUTH') {
    if (!ID.test(request.authId)) {
      return `authorisation id must be 1..32 of A-Z a-z 0-9 . _ - (a letter or digit first): ${JSON.stringify(request.authId)}`;
    }
    const preset = request.presetMinor;
    if (preset !== null && !(Number.isInteger(preset) && preset >= 1 && preset <= MAX_PRESET)) {
      return `a preset is an integer count of minor units, 1..${MAX_PRESET}: ${preset}`;
    }
  }
  if (request.method === 'CLEAR' && !ID.test(request.deliveryId)) {
    return `delivery id must be 1..32 of A-Z a-z 0-9 . _ - (a letter or digit first): ${JSON.stringify(request.deliveryId)}`;
  }
  return null;
}

/** The body of a request line. Throws RangeError for arguments the protocol cannot carry. */
export function encodeRequest(tag: string, request: FclRequest): string {
  if (!TAG.test(tag)) throw new RangeError(`bad tag ${JSON.stringify(tag)}`);
  const problem = requestProblem(request);
  if (problem) throw new RangeError(problem);
  switch (request.method) {
    case 'STATUS':
      return join(tag, 'STATUS', ...(request.pump === null ? [] : [String(request.pump)]));
    case 'AUTH':
      return join(
        tag,
        'AUTH',
        String(request.pump),
        request.authId,
        ...(request.presetMinor === null ? [] : [String(request.presetMinor)]),
      );
    case 'STOP':
      return join(tag, 'STOP', String(request.pump));
    case 'DELIVERIES':
      return join(tag, 'DELIVERIES');
    case 'CLEAR':
      return join(tag, 'CLEAR', String(request.pump), request.deliveryId);
  }
}

export type ParsedRequest =
  | { ok: true; tag: string; request: FclRequest }
  /** `tag` is null when not even the tag could be read (answer with `* ERR`). */
  | { ok: false; tag: string | null; code: number; detail: string };

/** What the controller makes of a console's line body. */
export function parseRequest(body: string): ParsedRequest {
  const f = body.split(' ');
  const tag = f[0]!;
  if (!TAG.test(tag)) return { ok: false, tag: null, code: 400, detail: `no tag in "${body}"` };
  const method = f[1] ?? '';
  const args = f.slice(2);
  const bad = (detail: string): ParsedRequest => ({ ok: false, tag, code: 400, detail });
  switch (method) {
    case 'STATUS':
      if (args.length === 0) return { ok: true, tag, request: { method, pump: null } };
      if (args.length === 1 && PUMP.test(args[0]!)) {
        return { ok: true, tag, request: { method, pump: Number(args[0]) } };
      }
      return bad('STATUS takes an optional pump number');
    case 'AUTH': {
      const [pump, authId, preset] = args;
      if ((args.length !== 2 && args.length !== 3) || !PUMP.test(pump!) || !ID.test(authId!)) {
        return bad('AUTH takes a pump number, an authorisation id and an optional preset');
      }
      if (preset !== undefined && !PRESET.test(preset)) {
        return bad(`a preset is 1..${MAX_PRESET} minor units: ${preset}`);
      }
      return {
        ok: true,
        tag,
        request: {
          method,
          pump: Number(pump),
          authId: authId!,
          presetMinor: preset === undefined ? null : Number(preset),
        },
      };
    }
    case 'STOP':
      if (args.length === 1 && PUMP.test(args[0]!)) {
        return { ok: true, tag, request: { method, pump: Number(args[0]) } };
      }
      return bad('STOP takes a pump number');
    case 'DELIVERIES':
      if (args.length === 0) return { ok: true, tag, request: { method } };
      return bad('DELIVERIES takes no arguments');
    case 'CLEAR':
      if (args.length === 2 && PUMP.test(args[0]!) && ID.test(args[1]!)) {
        return { ok: true, tag, request: { method, pump: Number(args[0]), deliveryId: args[1]! } };
      }
      return bad('CLEAR takes a pump number and a delivery id');
    default:
      return { ok: false, tag, code: 405, detail: `unknown method ${JSON.stringify(method)}` };
  }
}

export function encodeReply(reply: FclReply): string {
  if (!TAG.test(reply.tag)) throw new RangeError(`bad tag ${JSON.stringify(reply.tag)}`);
  return reply.ok
    ? join(reply.tag, 'OK')
    : join(reply.tag, 'ERR', String(reply.code), text(reply.detail));
}

/** The body of a notification line. Throws RangeError for values the protocol cannot carry. */
export function encodeNotification(n: FclNotification): string {
  switch (n.kind) {
    case 'pump': {
      const s = n.status;
      return join(
        '*',
        'PUMP',
        pumpNo(s.pump),
        s.state,
        s.nozzle === null ? '-' : nozzleNo(s.nozzle),
        s.grade === null ? '-' : checked(GRADE_ID, s.grade, 'grade'),
        s.authId === null ? '-' : checked(ID, s.authId, 'authorisation id'),
        s.presetMinor === null ? '-' : preset(s.presetMinor),
      );
    }
    case 'nozzle':
      return join(
        '*',
        'NOZZLE',
        pumpNo(n.pump),
        nozzleNo(n.nozzle),
        n.up ? 'up' : 'down',
        checked(GRADE_ID, n.grade, 'grade'),
      );
    case 'progress':
      return join(
        '*',
        'PROGRESS',
        pumpNo(n.pump),
        checked(ID, n.authId, 'authorisation id'),
        checked(GRADE_ID, n.grade, 'grade'),
        count(n.millilitres),
        count(n.amountMinor),
      );
    case 'delivery-end': {
      const d = n.delivery;
      return join(
        '*',
        'DEND',
        pumpNo(d.pump),
        checked(ID, d.deliveryId, 'delivery id'),
        checked(ID, d.authId, 'authorisation id'),
        nozzleNo(d.nozzle),
        checked(GRADE_ID, d.grade, 'grade'),
        count(d.millilitres),
        count(d.unitPrice),
        count(d.amountMinor),
        d.presetMinor === null ? '-' : preset(d.presetMinor),
        d.reason,
      );
    }
    case 'error':
      return join('*', 'ERR', String(n.code), text(n.detail));
  }
}

export type ParsedControllerLine =
  | { type: 'reply'; reply: FclReply }
  | { type: 'notification'; notification: FclNotification }
  | { type: 'unreadable'; detail: string };

/** What the console makes of a controller's line body. */
export function parseControllerLine(body: string): ParsedControllerLine {
  const f = body.split(' ');
  const [tag, method] = f;
  const args = f.slice(2);
  const unreadable = (why: string): ParsedControllerLine => ({
    type: 'unreadable',
    detail: `${why}: "${body}"`,
  });
  if (tag === '*') {
    const notification = parseNotification(method ?? '', args, body);
    return typeof notification === 'string'
      ? unreadable(notification)
      : { type: 'notification', notification };
  }
  if (!tag || !TAG.test(tag)) return unreadable('no tag');
  if (method === 'OK' && args.length === 0) return { type: 'reply', reply: { tag, ok: true } };
  if (method === 'ERR' && args.length >= 1 && CODE.test(args[0]!)) {
    const detail = restAfter(body, 3);
    if (TEXT.test(detail)) {
      return { type: 'reply', reply: { tag, ok: false, code: Number(args[0]), detail } };
    }
  }
  return unreadable('not an OK or ERR reply');
}

function parseNotification(method: string, a: string[], body: string): FclNotification | string {
  switch (method) {
    case 'PUMP': {
      if (a.length !== 6) return 'PUMP takes 6 values';
      const [pump, state, nozzle, grade, authId, presetText] = a as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      if (!PUMP.test(pump)) return `bad pump ${pump}`;
      if (!STATES.includes(state as PumpState)) return `unknown pump state ${state}`;
      if (nozzle !== '-' && !NOZZLE.test(nozzle)) return `bad nozzle ${nozzle}`;
      if (grade !== '-' && !GRADE_ID.test(grade)) return `bad grade ${grade}`;
      if (authId !== '-' && !ID.test(authId)) return `bad authorisation id ${authId}`;
      if (presetText !== '-' && !PRESET.test(presetText)) return `bad preset ${presetText}`;
      const status: PumpStatus = {
        pump: Number(pump),
        state: state as PumpState,
        nozzle: nozzle === '-' ? null : Number(nozzle),
        grade: grade === '-' ? null : grade,
        authId: authId === '-' ? null : authId,
        presetMinor: presetText === '-' ? null : Number(presetText),
      };
      return { kind: 'pump', status };
    }
    case 'NOZZLE': {
      if (a.length !== 4) return 'NOZZLE takes 4 values';
      const [pump, nozzle, position, grade] = a as [string, string, string, string];
      if (!PUMP.test(pump) || !NOZZLE.test(nozzle)) return 'bad pump or nozzle';
      if (position !== 'up' && position !== 'down')
        return `a nozzle is up or down, not ${position}`;
      if (!GRADE_ID.test(grade)) return `bad grade ${grade}`;
      return {
        kind: 'nozzle',
        pump: Number(pump),
        nozzle: Number(nozzle),
        up: position === 'up',
        grade,
      };
    }
    case 'PROGRESS': {
      if (a.length !== 5) return 'PROGRESS takes 5 values';
      const [pump, authId, grade, ml, amount] = a as [string, string, string, string, string];
      if (!PUMP.test(pump) || !ID.test(authId) || !GRADE_ID.test(grade)) {
        return 'bad pump, authorisation id or grade';
      }
      if (!COUNT.test(ml) || !COUNT.test(amount)) return 'bad volume or amount';
      return {
        kind: 'progress',
        pump: Number(pump),
        authId,
        grade,
        millilitres: Number(ml),
        amountMinor: Number(amount),
      };
    }
    case 'DEND': {
      if (a.length !== 10) return 'DEND takes 10 values';
      const [pump, deliveryId, authId, nozzle, grade, ml, price, amount, presetText, reason] =
        a as [string, string, string, string, string, string, string, string, string, string];
      if (!PUMP.test(pump) || !NOZZLE.test(nozzle)) return 'bad pump or nozzle';
      if (!ID.test(deliveryId) || !ID.test(authId)) return 'bad delivery or authorisation id';
      if (!GRADE_ID.test(grade)) return `bad grade ${grade}`;
      if (!COUNT.test(ml) || !COUNT.test(price) || !COUNT.test(amount)) {
        return 'bad volume, unit price or amount';
      }
      if (presetText !== '-' && !PRESET.test(presetText)) return `bad preset ${presetText}`;
      if (!REASONS.includes(reason as DeliveryEndReason)) return `unknown end reason ${reason}`;
      const delivery: DeliveryEnd = {
        pump: Number(pump),
        deliveryId,
        authId,
        nozzle: Number(nozzle),
        grade,
        millilitres: Number(ml),
        unitPrice: Number(price),
        amountMinor: Number(amount),
        presetMinor: presetText === '-' ? null : Number(presetText),
        reason: reason as DeliveryEndReason,
      };
      return { kind: 'delivery-end', delivery };
    }
    case 'ERR': {
      if (a.length < 1 || !CODE.test(a[0]!)) return 'ERR takes a code';
      const detail = restAfter(body, 3);
      return TEXT.test(detail) ? { kind: 'error', code: Number(a[0]), detail } : 'bad ERR text';
    }
    default:
      return `unknown notification ${JSON.stringify(method)}`;
  }
}

function join(...fields: string[]): string {
  return fields.join(' ');
}

/** Everything after the first `n` space-separated fields (the free text of ERR). */
function restAfter(body: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const next = body.indexOf(' ', at);
    if (next < 0) return '';
    at = next + 1;
  }
  return body.slice(at);
}

/** Free text made safe for a line: printable ASCII, at most 120 characters. */
function text(value: string): string {
  return value
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\$/g, '?')
    .slice(0, 120);
}

function checked(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new RangeError(`bad ${what}: ${JSON.stringify(value)}`);
  return value;
}

function pumpNo(n: number): string {
  return checked(PUMP, String(n), 'pump');
}

function nozzleNo(n: number): string {
  return checked(NOZZLE, String(n), 'nozzle');
}

function count(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_COUNT) throw new RangeError(`bad count ${n}`);
  return String(n);
}

function preset(n: number): string {
  return checked(PRESET, String(n), 'preset');
}
