/**
 * FCL/1 framing and messages, without a line: every example line of PROTOCOL.md decodes and
 * re-encodes to the same bytes, messages survive encode → frame → decode however the bytes
 * are chunked, any single damaged byte is caught, and no input makes the decoder throw or grow.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  LineDecoder,
  MAX_BODY,
  encodeLine,
  lineCrc,
  type LineEvent,
} from '../../../src-main/devices/pump/fcl-line';
import {
  encodeNotification,
  encodeReply,
  encodeRequest,
  parseControllerLine,
  parseRequest,
  type FclNotification,
  type FclRequest,
} from '../../../src-main/devices/pump/fcl-messages';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function decodeAll(bytes: Uint8Array, cuts: number[] = []): LineEvent[] {
  const decoder = new LineDecoder();
  const events: LineEvent[] = [];
  let from = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b)) {
    events.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  events.push(...decoder.push(bytes.subarray(from)));
  return events;
}

const pump = fc.integer({ min: 1, max: 99 });
const nozzle = fc.integer({ min: 1, max: 9 });
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/);
const grade = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/);
const count = fc.integer({ min: 0, max: 999_999_999_999 });
const preset = fc.integer({ min: 1, max: 999_999_999 });
const text = fc.stringMatching(/^[\x20-\x23\x25-\x7e]{0,120}$/);

const request: fc.Arbitrary<FclRequest> = fc.oneof(
  fc.record({ method: fc.constant('STATUS' as const), pump: fc.option(pump, { nil: null }) }),
  fc.record({
    method: fc.constant('AUTH' as const),
    pump,
    authId: id,
    presetMinor: fc.option(preset, { nil: null }),
  }),
  fc.record({ method: fc.constant('STOP' as const), pump }),
  fc.record({ method: fc.constant('DELIVERIES' as const) }),
  fc.record({ method: fc.constant('CLEAR' as const), pump, deliveryId: id }),
);

const notification: fc.Arbitrary<FclNotification> = fc.oneof(
  fc.record({
    kind: fc.constant('pump' as const),
    status: fc.record({
      pump,
      state: fc.constantFrom('idle', 'calling', 'authorised', 'fuelling', 'stopped' as const),
      nozzle: fc.option(nozzle, { nil: null }),
      grade: fc.option(grade, { nil: null }),
      authId: fc.option(id, { nil: null }),
      presetMinor: fc.option(preset, { nil: null }),
    }),
  }),
  fc.record({ kind: fc.constant('nozzle' as const), pump, nozzle, up: fc.boolean(), grade }),
  fc.record({
    kind: fc.constant('progress' as const),
    pump,
    authId: id,
    grade,
    millilitres: count,
    amountMinor: count,
  }),
  fc.record({
    kind: fc.constant('delivery-end' as const),
    delivery: fc.record({
      pump,
      deliveryId: id,
      authId: id,
      nozzle,
      grade,
      millilitres: count,
      unitPrice: count,
      amountMinor: count,
      presetMinor: fc.option(preset, { nil: null }),
      reason: fc.constantFrom('hung-up', 'preset', 'stopped' as const),
    }),
  }),
  fc.record({
    kind: fc.constant('error' as const),
    code: fc.constantFrom(400, 404, 409),
    detail: text,
  }),
);

describe('FCL/1 framing', () => {
  it('CRC-16/MODBUS, as four hex digits', () => {
    assert.equal(lineCrc(ascii('123456789')), '4B37'); // the CRC's published check value
    assert.deepEqual(encodeLine('C1 OK'), ascii('$C1 OK*FE1A\r\n'));
  });

  it('every example line in PROTOCOL.md decodes, parses and re-encodes to the same bytes', () => {
    const doc = readFileSync(
      new URL('../../../src-main/devices/pump/PROTOCOL.md', import.meta.url),
      'utf8',
    );
    const lines = [...doc.matchAll(/^([CP]): (\$.*)$/gm)];
    assert.ok(lines.length >= 15, `the example session (${lines.length} lines)`);
    for (const [, who, line] of lines) {
      const events = decodeAll(ascii(`${line}\r\n`));
      assert.equal(events.length, 1, line);
      const event = events[0]!;
      assert.equal(event.kind, 'line', `${line}: ${JSON.stringify(event)}`);
      if (event.kind !== 'line') continue;
      if (who === 'C') {
        const parsed = parseRequest(event.body);
        assert.ok(parsed.ok, `${line}: ${JSON.stringify(parsed)}`);
        if (parsed.ok) assert.equal(encodeRequest(parsed.tag, parsed.request), event.body);
      } else {
        const parsed = parseControllerLine(event.body);
        assert.notEqual(parsed.type, 'unreadable', `${line}: ${JSON.stringify(parsed)}`);
        const again =
          parsed.type === 'reply'
            ? encodeReply(parsed.reply)
            : parsed.type === 'notification'
              ? encodeNotification(parsed.notification)
              : '';
        assert.equal(again, event.body);
      }
    }
  });

  it('requests and notifications survive the wire, however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            request.map((r) => ({ r })),
            notification.map((n) => ({ n })),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.array(fc.nat(4000)),
        (messages, cuts) => {
          const bodies = messages.map((m, i) =>
            'r' in m ? encodeRequest(`C${i + 1}`, m.r) : encodeNotification(m.n),
          );
          const wire = Uint8Array.from(bodies.flatMap((b) => [...encodeLine(b)]));
          const events = decodeAll(wire, cuts);
          assert.deepEqual(
            events.map((e) => (e.kind === 'line' ? e.body : e)),
            bodies,
          );
          messages.forEach((m, i) => {
            const body = bodies[i]!;
            if ('r' in m) {
              assert.deepEqual(parseRequest(body), {
                ok: true,
                tag: `C${i + 1}`,
                request: JSON.parse(JSON.stringify(m.r)),
              });
            } else {
              assert.deepEqual(parseControllerLine(body), {
                type: 'notification',
                notification: JSON.parse(JSON.stringify(m.n)),
              });
            }
          });
        },
      ),
    );
  });

  it('a single damaged byte never passes as a different message', () => {
    fc.assert(
      fc.property(notification, fc.nat(), fc.integer({ min: 1, max: 255 }), (n, at, flip) => {
        const body = encodeNotification(n);
        const line = Uint8Array.from(encodeLine(body));
        const i = at % line.length;
        line[i] = line[i]! ^ flip;
        // Either caught, or (a CR turned LF) the very same message.
        for (const e of decodeAll(line)) {
          if (e.kind === 'line') assert.equal(e.body, body);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('any bytes at all: no throw, bounded, and the next good line still comes through', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (garbage) => {
        const decoder = new LineDecoder();
        decoder.push(garbage);
        // A line end closes whatever the garbage left open; then a good line decodes.
        const events = decoder.push(Uint8Array.of(0x0a, ...encodeLine('C7 OK')));
        assert.deepEqual(events.at(-1), { kind: 'line', body: 'C7 OK' });
        const { lines, badLines, skippedBytes } = decoder.counters;
        assert.ok(lines >= 1 && badLines >= 0 && skippedBytes >= 0);
      }),
    );
  });

  it('names what was wrong with a bad line', () => {
    const reasons = (text: string) =>
      decodeAll(ascii(text)).map((e) => (e.kind === 'bad-line' ? e.reason : e.kind));
    assert.deepEqual(reasons('$C1 OK*FE1B\r\n'), ['checksum']);
    assert.deepEqual(reasons('$C1 OK\r\n'), ['no-checksum']);
    assert.deepEqual(reasons('$C1 OK*fe1a\r\n'), ['no-checksum'], 'hex digits are uppercase');
    assert.deepEqual(reasons('$C1\tOK*FE1A\r\n'), ['byte']);
    assert.deepEqual(reasons(`$${'A'.repeat(MAX_BODY + 10)}\r\n$C1 OK*FE1A\r\n`), [
      'too-long',
      'line',
    ]);
    assert.deepEqual(reasons('noise$C1 O$C1 OK*FE1A\n'), ['line'], 'a cut line and noise skipped');
    assert.throws(() => encodeLine('A $ in a body'), RangeError);
    assert.throws(() => encodeLine(''), RangeError);
    assert.throws(() => encodeLine('x'.repeat(MAX_BODY + 1)), RangeError);
  });

  it('tells the controller why a request cannot be read', () => {
    assert.deepEqual(parseRequest('C1 AUTH 1'), {
      ok: false,
      tag: 'C1',
      code: 400,
      detail: 'AUTH takes a pump number, an authorisation id and an optional preset',
    });
    assert.deepEqual(parseRequest('C2 AUTH 1 A-1 0'), {
      ok: false,
      tag: 'C2',
      code: 400,
      detail: 'a preset is 1..999999999 minor units: 0',
    });
    assert.deepEqual(parseRequest('C3 FLY 1'), {
      ok: false,
      tag: 'C3',
      code: 405,
      detail: 'unknown method "FLY"',
    });
    assert.equal(parseRequest('?? STATUS').ok, false);
    assert.equal((parseRequest('?? STATUS') as { tag: null }).tag, null);
    assert.equal(parseRequest('C4 STOP 01').ok, false, 'no leading zeros');
    assert.equal(parseRequest('C4 STOP 100').ok, false, 'pumps are 1..99');
  });
});
