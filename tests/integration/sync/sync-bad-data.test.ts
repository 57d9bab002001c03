/**
 * A server that breaks the contract: a pulled page that doesn't match the OpenAPI document is
 * refused whole, with a readable error, and nothing of it is applied (not even its good
 * changes, nor its cursor). The reference server can't be made to send such data (it checks
 * its own answers against the document), so this test stands up a deliberately broken server
 * on 127.0.0.1 that speaks the same HTTP; that is the point of the test, not a stand-in.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { openSyncRig } from '../../support/sync-rig';

const goodVehicle = {
  seq: 1,
  kind: 'vehicle',
  key: 'B10GOOD',
  op: 'put',
  changedAt: 1,
  data: { plate: 'B10GOOD', memberId: null, label: null },
};

/** Pages the broken server answers with, one per pull. */
const badPages: [string, unknown][] = [
  [
    'a tariff with a negative price',
    {
      changes: [
        goodVehicle,
        {
          seq: 2,
          kind: 'tariff',
          key: 't',
          op: 'put',
          changedAt: 1,
          data: {
            id: 't',
            name: 'Bad',
            currency: 'RON',
            timeZone: 'Europe/Bucharest',
            freeMinutes: 0,
            steps: [{ fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: -5 }],
            dailyCap: null,
            night: null,
            lostTicketFeeMinor: 0,
            exitGraceMinutes: 0,
            reentryMinutes: 0,
          },
        },
      ],
      nextCursor: 'c2',
      hasMore: false,
      serverTime: 1,
    },
  ],
  [
    'an app payment with a plate that is not normalised',
    {
      changes: [
        goodVehicle,
        {
          seq: 2,
          kind: 'appPayment',
          key: 'p1',
          op: 'put',
          changedAt: 1,
          data: {
            id: 'p1',
            plate: 'b 10 good',
            purpose: 'parking',
            amountMinor: 100,
            currency: 'RON',
            paidAt: 1,
            validUntil: 2,
            reference: 'r',
          },
        },
      ],
      nextCursor: 'c2',
      hasMore: false,
      serverTime: 1,
    },
  ],
  [
    'an unknown kind',
    {
      changes: [
        goodVehicle,
        { seq: 2, kind: 'rocket', key: 'x', op: 'put', changedAt: 1, data: {} },
      ],
      nextCursor: 'c2',
      hasMore: false,
      serverTime: 1,
    },
  ],
  ['a page without a cursor', { changes: [goodVehicle], hasMore: false, serverTime: 1 }],
  ['not JSON at all', '<html>gateway error</html>'],
];

describe('pulled data that breaks the contract', () => {
  let server: Server;
  let url: string;
  let page: unknown;
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/v1/auth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            tokenType: 'Bearer',
            accessToken: 'access-token-0123456789',
            expiresInMs: 600_000,
            refreshToken: 'refresh-token-0123456789',
            refreshExpiresInMs: 600_000,
            stationId: 'st-bad',
            serverTime: 1,
          }),
        );
      } else if (req.url?.startsWith('/v1/events')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ results: [], receivedAt: 1 }));
      } else if (req.url?.startsWith('/v1/changes')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(typeof page === 'string' ? page : JSON.stringify(page));
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
  });
  after(() => server.close());

  for (const [what, body] of badPages) {
    it(`refuses ${what}, applying nothing`, async () => {
      page = body;
      const rig = openSyncRig({
        serverUrl: url,
        stationId: 'st-bad',
        deviceSecret: 'device-secret-0123456789',
      });
      const status = await rig.sync.now();
      assert.match(status.lastError ?? '', /pull refused: the server's data breaks the contract/);
      assert.equal(status.state, 'online', 'the server answered: not offline, just wrong');
      assert.deepEqual(rig.repos.referenceData.ofKind('vehicle'), [], 'not even the good change');
      assert.deepEqual(rig.repos.sync.pullState(), { cursor: null, lastChangeSeq: 0 });
      assert.equal(rig.db.prepare('SELECT COUNT(*) FROM journal').pluck().get(), 0);
      await rig.close();
    });
  }

  it('applies the same page once it is right', async () => {
    page = { changes: [goodVehicle], nextCursor: 'c1', hasMore: false, serverTime: 1 };
    const rig = openSyncRig({
      serverUrl: url,
      stationId: 'st-bad',
      deviceSecret: 'device-secret-0123456789',
    });
    const status = await rig.sync.now();
    assert.equal(status.lastError, null);
    assert.equal(rig.repos.referenceData.ofKind('vehicle').length, 1);
    assert.deepEqual(rig.repos.sync.pullState(), { cursor: 'c1', lastChangeSeq: 1 });
    await rig.close();
  });
});
