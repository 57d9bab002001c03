/** ECR messages: each request and reply round-trips, and parsing refuses anything else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeReply,
  encodeRequest,
  parseReply,
  parseRequest,
  type EcrReply,
  type EcrRequest,
} from '../../../src-main/devices/terminal/ecr-messages';
import { prng } from '../../support/random';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const wire = (bytes: Uint8Array) => String.fromCharCode(...bytes).replaceAll('\x1c', '|');

describe('ECR messages', () => {
  it('round-trips every request, with the fields on the wire as documented', () => {
    const cases: Array<[EcrRequest, string]> = [
      [
        { type: 'sale', reference: 'R-0001', amount: 1250, currency: 'RON' },
        'SALE|R-0001|1250|RON',
      ],
      [
        {
          type: 'refund',
          reference: 'F-0001',
          saleReference: 'R-0001',
          amount: 300,
          currency: 'RON',
        },
        'RFND|F-0001|R-0001|300|RON',
      ],
      [{ type: 'status', reference: 'R-0001' }, 'STAT|R-0001'],
      [{ type: 'ping' }, 'PING'],
    ];
    for (const [request, onWire] of cases) {
      const payload = encodeRequest(request);
      assert.equal(wire(payload), onWire);
      assert.deepEqual(parseRequest(payload), request);
      assert.equal(parseReply(payload), null, 'a request is no reply');
    }
  });

  it('round-trips every reply', () => {
    const reference = 'R-0001';
    const cases: Array<[EcrReply, string]> = [
      [
        {
          type: 'result',
          reference,
          result: {
            state: 'approved',
            amount: 1250,
            currency: 'RON',
            authCode: 'A00001',
            cardBrand: 'VISA',
            maskedPan: '411111******1111',
          },
        },
        'RSLT|R-0001|A|1250|RON|A00001|VISA|411111******1111',
      ],
      [
        {
          type: 'result',
          reference,
          result: { state: 'declined', code: '51', reason: 'insufficient funds' },
        },
        'RSLT|R-0001|D|51|insufficient funds',
      ],
      [{ type: 'result', reference, result: { state: 'cancelled' } }, 'RSLT|R-0001|C'],
      [{ type: 'result', reference, result: { state: 'in-progress' } }, 'RSLT|R-0001|P'],
      [{ type: 'result', reference, result: { state: 'not-found' } }, 'RSLT|R-0001|N'],
      [{ type: 'pong', terminalId: 'SIM00001', busy: true }, 'PONG|SIM00001|B'],
    ];
    for (const [reply, onWire] of cases) {
      const payload = encodeReply(reply);
      assert.equal(wire(payload), onWire);
      assert.deepEqual(parseReply(payload), reply);
      assert.equal(parseRequest(payload), null, 'a reply is no request');
    }
  });

  it('refuses to send what the protocol cannot carry', () => {
    const sale = (amount: number, currency = 'RON', reference = 'R-1') =>
      encodeRequest({ type: 'sale', reference, amount, currency });
    for (const amount of [0, -5, 12.5, 1_000_000_000, Number.NaN]) {
      assert.throws(() => sale(amount), RangeError, `amount ${amount}`);
    }
    assert.throws(() => sale(100, 'ron'), RangeError);
    assert.throws(() => sale(100, 'RON', 'R 1'), RangeError);
    assert.throws(() => sale(100, 'RON', 'x'.repeat(33)), RangeError);
    assert.throws(() => sale(100, 'RON', 'R|\x1c1'), RangeError);
    const refund = (reference: string, saleReference: string, amount = 100) =>
      encodeRequest({ type: 'refund', reference, saleReference, amount, currency: 'RON' });
    assert.throws(() => refund('F-1', 'R 1'), RangeError, 'a sale reference the wire cannot carry');
    assert.throws(() => refund('R-1', 'R-1'), RangeError, 'a refund has a reference of its own');
    assert.throws(() => refund('F-1', 'R-1', 0), RangeError);
    const approved = (maskedPan: string) =>
      encodeReply({
        type: 'result',
        reference: 'R-1',
        result: {
          state: 'approved',
          amount: 1,
          currency: 'RON',
          authCode: 'A1',
          cardBrand: 'VISA',
          maskedPan,
        },
      });
    assert.throws(() => approved('4111111111111111'), RangeError, 'an unmasked PAN never goes out');
    assert.throws(() => approved('4111111******1111'), RangeError, 'at most the first 6 digits');
  });

  it('parses nothing but exact messages', () => {
    for (const text of [
      '',
      'SALE',
      'SALE\x1cR-1\x1c1250',
      'SALE\x1cR-1\x1c01250\x1cRON', // a leading zero: not how amounts are written
      'SALE\x1cR-1\x1c12.50\x1cRON',
      'SALE\x1cR-1\x1c1250\x1cRON\x1cextra',
      'STAT',
      'RFND\x1cF-1\x1cR-1\x1c100',
      'RFND\x1cF-1\x1cF-1\x1c100\x1cRON',
      'RFND\x1cF-1\x1cR-1\x1c0\x1cRON',
      'PING\x1c',
      'RSLT\x1cR-1',
      'RSLT\x1cR-1\x1cX',
      'RSLT\x1cR-1\x1cC\x1cextra',
      'RSLT\x1cR-1\x1cA\x1c1250\x1cRON\x1cA1\x1cVISA\x1c4111111111111111',
      'RSLT\x1cR-1\x1cD\x1c05',
      'PONG\x1cSIM\x1cX',
    ]) {
      assert.equal(parseRequest(ascii(text)), null, JSON.stringify(text));
      assert.equal(parseReply(ascii(text)), null, JSON.stringify(text));
    }
  });

  it('never throws on random payloads', () => {
    const random = prng(42);
    const pieces = [
      'SALE',
      'STAT',
      'PING',
      'RSLT',
      'PONG',
      'A',
      'D',
      'N',
      '\x1c',
      'R-1',
      '1250',
      'RON',
    ];
    for (let i = 0; i < 5000; i++) {
      const parts = Array.from({ length: Math.floor(random() * 8) }, () =>
        random() < 0.7
          ? pieces[Math.floor(random() * pieces.length)]!
          : String.fromCharCode(Math.floor(random() * 256)),
      );
      const payload = Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0));
      parseRequest(payload);
      parseReply(payload);
    }
  });
});
