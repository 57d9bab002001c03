import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  base64url,
  bookingRules,
  encodeEtoken,
  fromBase64url,
  judgeEtoken,
  parseEtoken,
  signingInput,
  type Booking,
  type EtokenPayload,
  type SignatureCheck,
} from '../../../src-shared/domain/bookings';

const MIN = 60_000;
const T = Date.parse('2026-06-10T10:00:00Z');
const rules = bookingRules.parse({ earlyGraceMinutes: 15, lateGraceMinutes: 10 });
const label = (t: number) => new Date(t).toISOString().slice(11, 16);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

const payload: EtokenPayload = {
  v: 1,
  kid: 'demo-1',
  tid: 'tok-1',
  bid: 'bk-1',
  sid: 'station-a',
  res: { kind: 'pump', id: 'pump-2' },
  from: T,
  to: T + 15 * MIN,
  plate: 'B123ABC',
  iat: T - 60 * MIN,
};
const tokenFor = (p: EtokenPayload) =>
  encodeEtoken(p, new Uint8Array(sign(null, Buffer.from(signingInput(p)), privateKey)));

const booking: Booking = {
  id: 'bk-1',
  source: 'app',
  resource: { kind: 'pump', id: 'pump-2' },
  startsAt: T,
  durationMinutes: 15,
  plate: 'B123ABC',
  contact: null,
  status: 'booked',
  lateUntil: null,
  etokenId: 'tok-1',
  createdAt: T - 60 * MIN,
  checkedInAt: null,
  checkedInVia: null,
  serviceStartedAt: null,
  closedAt: null,
  walkIn: false,
};

function judge(over: {
  signature?: SignatureCheck;
  p?: EtokenPayload;
  usedAt?: number | null;
  booking?: Booking | null;
  now?: number;
}) {
  return judgeEtoken({
    payload: over.p ?? payload,
    signature: over.signature ?? 'valid',
    stationId: 'station-a',
    usedAt: over.usedAt ?? null,
    booking: over.booking === undefined ? booking : over.booking,
    rules,
    now: over.now ?? T + 2 * MIN,
    label,
  });
}

describe('e-token encoding', () => {
  it('base64url matches Node, both ways, for any bytes; one spelling per value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64url(bytes);
        assert.equal(text, Buffer.from(bytes).toString('base64url'));
        assert.deepEqual(fromBase64url(text), bytes);
      }),
    );
    assert.equal(fromBase64url('AB=='), null);
    assert.equal(fromBase64url('A'), null);
    assert.equal(fromBase64url('AB'), null, 'trailing bits must be zero');
    assert.deepEqual(fromBase64url('AA'), new Uint8Array([0]));
  });

  it('a token reads back to its payload, and its signature checks with node:crypto', () => {
    const token = tokenFor(payload);
    assert.match(token, /^ET1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const parsed = parseEtoken(`  ${token}\r\n`);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.payload, payload);
    assert.equal(parsed.signingInput, signingInput(payload));
    assert.ok(verify(null, Buffer.from(parsed.signingInput), publicKey, parsed.signature));
    // The payload is canonical JSON: keys sorted, so the operator and station agree on bytes.
    const json = Buffer.from(token.split('.')[1]!, 'base64url').toString();
    assert.ok(json.startsWith('{"bid":"bk-1","from":'), json);
  });

  it('refuses what is not a token, saying why', () => {
    const cases: [string, RegExp][] = [
      ['hello', /doesn't start with ET1/],
      ['ET1.abc', /doesn't start with ET1/],
      ['ET1.!!.AAAA', /payload is not base64url/],
      [`ET1.${base64url(new TextEncoder().encode('{"v":1}'))}.AAAA`, /signature is not 64 bytes/],
      [`ET1.${base64url(new TextEncoder().encode('nope'))}.${'A'.repeat(86)}`, /not JSON/],
      [
        `ET1.${base64url(new TextEncoder().encode('{"v":2}'))}.${'A'.repeat(86)}`,
        /breaks the format/,
      ],
      ['x'.repeat(3000), /far too long/],
    ];
    for (const [text, why] of cases) {
      const parsed = parseEtoken(text);
      assert.equal(parsed.ok, false, text);
      assert.match(!parsed.ok ? parsed.message : '', why);
    }
  });
});

describe('what the station makes of a token', () => {
  it('accepts a good token inside the check-in window', () => {
    assert.deepEqual(judge({}), { ok: true, payload });
    assert.ok(judge({ booking: null }).ok, 'a booking not pulled yet: the signed token is enough');
  });

  it('forged: a bad signature over what the station knows', () => {
    const r = judge({ signature: 'invalid' });
    assert.deepEqual(r, {
      ok: false,
      reason: 'forged',
      message: "Forged: the signature is not the operator's. Do not check in.",
    });
  });

  it('altered: a bad signature over details that differ from the booking', () => {
    const r = judge({
      signature: 'invalid',
      p: { ...payload, plate: 'B999XYZ', to: T + 60 * MIN },
    });
    assert.equal(!r.ok && r.reason, 'altered');
    assert.match(!r.ok ? r.message : '', /plate, window no longer match what the operator signed/);
  });

  it('an unknown key, or one not in force, is refused as such', () => {
    const r = judge({ signature: 'unknown-key' });
    assert.equal(!r.ok && r.reason, 'unknown-key');
    assert.match(!r.ok ? r.message : '', /key demo-1, which this station has not received/);
    const k = judge({ signature: 'key-not-in-force' });
    assert.equal(!k.ok && k.reason, 'unknown-key');
  });

  it('wrong station, replayed, superseded, and over', () => {
    const other = judge({ p: { ...payload, sid: 'station-b' }, booking: null });
    assert.equal(!other.ok && other.reason, 'wrong-station');
    assert.match(!other.ok ? other.message : '', /another station \(station-b\)/);
    const replay = judge({ usedAt: T + MIN });
    assert.deepEqual(replay, {
      ok: false,
      reason: 'replayed',
      message: 'Already used at 10:01: each QR code checks in once.',
    });
    const moved = judge({ booking: { ...booking, startsAt: T + 30 * MIN } });
    assert.equal(!moved.ok && moved.reason, 'superseded');
    const reissued = judge({ booking: { ...booking, etokenId: 'tok-2' } });
    assert.match(
      !reissued.ok ? reissued.message : '',
      /changed after this QR code was issued \(token id\)/,
    );
    const cancelled = judge({ booking: { ...booking, status: 'cancelled' } });
    assert.deepEqual(
      [!cancelled.ok && cancelled.reason, !cancelled.ok && cancelled.message],
      ['not-bookable', 'Booking bk-1 is cancelled.'],
    );
  });

  it('too early and expired, by the booking (and its running-late time) or the token', () => {
    const early = judge({ now: T - 16 * MIN });
    assert.equal(!early.ok && early.message, 'Too early: check-in opens at 09:45.');
    const late = judge({ now: T + 10 * MIN });
    assert.equal(!late.ok && late.reason, 'expired');
    assert.match(!late.ok ? late.message : '', /closed at 10:10/);
    assert.ok(judge({ now: T + 25 * MIN, booking: { ...booking, lateUntil: T + 30 * MIN } }).ok);
    const lateUnknown = judge({ now: T + 10 * MIN, booking: null });
    assert.equal(!lateUnknown.ok && lateUnknown.reason, 'expired');
    const noShow = judge({ booking: { ...booking, status: 'no-show' }, now: T + 40 * MIN });
    assert.equal(!noShow.ok && noShow.reason, 'expired');
  });

  it('replay is named before expiry, and the signature before everything', () => {
    const r = judge({ usedAt: T, now: T + 60 * MIN });
    assert.equal(!r.ok && r.reason, 'replayed');
    const f = judge({
      signature: 'invalid',
      p: { ...payload, sid: 'station-b' },
      booking: null,
      usedAt: T,
    });
    assert.equal(!f.ok && f.reason, 'forged');
  });
});
