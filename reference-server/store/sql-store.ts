import { canonicalJson } from '../canonical-json';
import { SCHEMA } from './schema';
import { one, type SqlDriver, type SqlQuery } from './sql';
import type {
  ChangeInput,
  ChangeRow,
  CouponIssue,
  EventResult,
  JournalEvent,
  MessageOutcome,
  MessageRequest,
  MessageStatus,
  PushItem,
  QrPaymentRequest,
  Station,
  StationSummary,
  Store,
  TokenGrant,
  TokenKind,
} from './store';
import { judgeEvents } from './judge-events';
import { lockStation } from './lock';
import * as qr from './qr-payment-store';
import * as coupons from './coupon-store';

interface ChangeDbRow {
  seq: number;
  kind: string;
  key: string;
  op: string;
  data: string | null;
  changed_at: number;
}

const toChange = (r: ChangeDbRow): ChangeRow => ({
  seq: r.seq,
  kind: r.kind as ChangeRow['kind'],
  key: r.key,
  op: r.op as ChangeRow['op'],
  data: r.data === null ? null : (JSON.parse(r.data) as unknown),
  changedAt: r.changed_at,
});

async function appendFeed(q: SqlQuery, stationId: string, changes: ChangeInput[], at: number) {
  const { feed_head: head } = await lockStation(q, stationId);
  for (const [i, c] of changes.entries()) {
    await q.run(
      `INSERT INTO changes (station_id, seq, kind, key, op, data, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        stationId,
        head + i + 1,
        c.kind,
        c.key,
        c.op,
        c.op === 'put' ? JSON.stringify(c.data) : null,
        at,
      ],
    );
  }
  await q.run('UPDATE stations SET feed_head = $2 WHERE id = $1', [
    stationId,
    head + changes.length,
  ]);
}

async function latest(q: SqlQuery, stationId: string, kind: string, key: string) {
  const row = await one<{ op: string; data: string | null }>(
    q,
    `SELECT op, data FROM changes WHERE station_id = $1 AND kind = $2 AND key = $3
     ORDER BY seq DESC LIMIT 1`,
    [stationId, kind, key],
  );
  return row?.op === 'put' && row.data ? (JSON.parse(row.data) as Record<string, unknown>) : null;
}

/** The operator-wide feed's latest record per (kind, key), deletions dropped, oldest first. */
async function currentReferenceData(q: SqlQuery): Promise<ChangeInput[]> {
  const rows = await q.all<ChangeDbRow>(
    `SELECT seq, kind, key, op, data, changed_at FROM changes c
     WHERE station_id = $1 AND seq = (SELECT MAX(seq) FROM changes l
       WHERE l.station_id = c.station_id AND l.kind = c.kind AND l.key = c.key)
     ORDER BY seq`,
    [OPERATOR_WIDE],
  );
  return rows.map(toChange).filter((c) => c.op === 'put');
}

/** Why the operator could not text this plate's owner, or null when it can. */
async function undeliverable(q: SqlQuery, stationId: string, plate: string) {
  const vehicle = await latest(q, stationId, 'vehicle', plate);
  if (!vehicle) return `No vehicle registered with plate ${plate}: nobody to text.`;
  const memberId = vehicle['memberId'];
  const member =
    typeof memberId === 'string' ? await latest(q, stationId, 'member', memberId) : null;
  if (!member) return `Vehicle ${plate} has no owner on record.`;
  if (member['smsOptIn'] !== true) return `The owner of ${plate} has not agreed to SMS.`;
  return null;
}

/**
 * The operator-wide feed: a station row no credentials can match (its secret hash is empty),
 * holding what was sent to 'all', so a station registered later starts with it.
 */
export const OPERATOR_WIDE = '*';
/** Kinds addressed to the stations of the moment, never replayed to a newcomer. */
const MOMENTARY = new Set(['appPayment', 'messageStatus']);

/** The Store over SQL both databases speak; SqliteDriver or PostgresDriver underneath. */
export class SqlStore implements Store {
  constructor(private readonly sql: SqlDriver) {}

  get kind() {
    return this.sql.dialect;
  }

  async migrate() {
    await this.sql.exec(SCHEMA);
    await this.sql.tx((q) =>
      q.run(
        `INSERT INTO stations (id, name, secret_hash, created_at) VALUES ($1, $2, '', 0)
         ON CONFLICT (id) DO NOTHING`,
        [OPERATOR_WIDE, 'operator-wide reference data'],
      ),
    );
  }

  close() {
    return this.sql.close();
  }

  putStation(s: Station, at: number) {
    if (s.id === OPERATOR_WIDE) throw new Error(`"${OPERATOR_WIDE}" is not a station id`);
    return this.sql.tx(async (q) => {
      const known = await one(q, 'SELECT id FROM stations WHERE id = $1', [s.id]);
      await q.run(
        `INSERT INTO stations (id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash`,
        [s.id, s.name, s.secretHash, at],
      );
      // A new secret is a credential rotation (perhaps a leak): tokens from the old one go.
      if (known) await q.run('DELETE FROM tokens WHERE station_id = $1', [s.id]);
      else await appendFeed(q, s.id, await currentReferenceData(q), at);
    });
  }

  getStation(id: string) {
    return this.sql.tx(async (q) => {
      const row = await one<{ id: string; name: string; secret_hash: string }>(
        q,
        'SELECT id, name, secret_hash FROM stations WHERE id = $1',
        [id],
      );
      return row && { id: row.id, name: row.name, secretHash: row.secret_hash };
    });
  }

  listStations(id?: string): Promise<StationSummary[]> {
    return this.sql.tx(async (q) => {
      const rows = await q.all<{ id: string; name: string; n: number; top: number | null }>(
        `SELECT s.id, s.name, COUNT(e.id) AS n, MAX(e.seq) AS top
         FROM stations s LEFT JOIN events e ON e.station_id = s.id
         WHERE s.id <> $1 AND ($2 = '' OR s.id = $2)
         GROUP BY s.id, s.name ORDER BY s.id`,
        [OPERATOR_WIDE, id ?? ''],
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        eventsHeld: Number(r.n),
        highestSeq: r.top,
      }));
    });
  }

  saveTokens(
    stationId: string,
    tokens: { hash: string; kind: TokenKind; expiresAt: number }[],
    now: number,
  ) {
    return this.sql.tx(async (q) => {
      await q.run('DELETE FROM tokens WHERE station_id = $1 AND expires_at <= $2', [
        stationId,
        now,
      ]);
      for (const t of tokens) {
        await q.run(
          'INSERT INTO tokens (hash, station_id, kind, expires_at) VALUES ($1, $2, $3, $4)',
          [t.hash, stationId, t.kind, t.expiresAt],
        );
      }
    });
  }

  findToken(hash: string, kind: TokenKind): Promise<TokenGrant | undefined> {
    return this.sql.tx(async (q) => {
      const row = await one<{ station_id: string; expires_at: number }>(
        q,
        'SELECT station_id, expires_at FROM tokens WHERE hash = $1 AND kind = $2',
        [hash, kind],
      );
      return row && { stationId: row.station_id, expiresAt: row.expires_at };
    });
  }

  takeRefreshToken(hash: string): Promise<TokenGrant | undefined> {
    return this.sql.tx(async (q) => {
      // DELETE ... RETURNING: of two concurrent refreshes with one token, only one gets it.
      const row = await one<{ station_id: string; expires_at: number }>(
        q,
        `DELETE FROM tokens WHERE hash = $1 AND kind = 'refresh' RETURNING station_id, expires_at`,
        [hash],
      );
      return row && { stationId: row.station_id, expiresAt: row.expires_at };
    });
  }

  pushEvents(stationId: string, items: PushItem[], receivedAt: number): Promise<EventResult[]> {
    return this.sql.tx((q) => judgeEvents(q, stationId, items, receivedAt));
  }

  listEvents(stationId: string | undefined, afterServerSeq: number, limit: number) {
    return this.sql.tx(async (q) => {
      const rows = await q.all<{
        station_id: string;
        server_seq: number;
        received_at: number;
        body: string;
      }>(
        stationId === undefined
          ? `SELECT station_id, server_seq, received_at, body FROM events
             ORDER BY received_at DESC, station_id, server_seq DESC LIMIT $1`
          : `SELECT station_id, server_seq, received_at, body FROM events
             WHERE station_id = $2 AND server_seq > $3 ORDER BY server_seq LIMIT $1`,
        stationId === undefined ? [limit] : [limit, stationId, afterServerSeq],
      );
      return rows.map((r) => ({
        stationId: r.station_id,
        serverSeq: r.server_seq,
        receivedAt: r.received_at,
        event: JSON.parse(r.body) as JournalEvent,
      }));
    });
  }

  appendChanges(target: string[] | 'all', changes: ChangeInput[], at: number) {
    return this.sql.tx(async (q) => {
      const ids =
        target === 'all'
          ? (await q.all<{ id: string }>('SELECT id FROM stations')).map((r) => r.id)
          : target;
      // Stations locked in one order, so two admin writes never wait on each other in a cycle.
      for (const id of [...new Set(ids)].sort()) {
        const feed = id === OPERATOR_WIDE ? changes.filter((c) => !MOMENTARY.has(c.kind)) : changes;
        if (feed.length) await appendFeed(q, id, feed, at);
      }
    });
  }

  readChanges(stationId: string, afterSeq: number, limit: number) {
    return this.sql.tx(async (q) => {
      const rows = await q.all<ChangeDbRow>(
        `SELECT seq, kind, key, op, data, changed_at FROM changes
         WHERE station_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [stationId, afterSeq, limit],
      );
      return rows.map(toChange);
    });
  }

  requestMessage(
    stationId: string,
    request: MessageRequest,
    now: number,
    options: { autoDeliver: boolean },
  ): Promise<MessageOutcome> {
    return this.sql.tx(async (q) => {
      await lockStation(q, stationId);
      const body = canonicalJson(request);
      const seen = await one<{ body: string; response: string }>(
        q,
        'SELECT body, response FROM messages WHERE station_id = $1 AND id = $2',
        [stationId, request.id],
      );
      if (seen) {
        return seen.body === body
          ? { kind: 'replayed', response: JSON.parse(seen.response) as MessageStatus }
          : { kind: 'conflict' };
      }
      const why = await undeliverable(q, stationId, request.plate);
      const first: MessageStatus = {
        messageId: request.id,
        status: why ? 'failed' : 'queued',
        detail: why,
        at: now,
      };
      // The operator's SMS gateway is simulated: with autoDeliver it "delivers" at once.
      const trail: MessageStatus[] = [first];
      if (!why && options.autoDeliver) {
        trail.push({ ...first, status: 'sent' }, { ...first, status: 'delivered' });
      }
      const last = trail[trail.length - 1]!;
      await q.run(
        `INSERT INTO messages (station_id, id, kind, plate, body, response, status, detail,
           status_at, accepted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          stationId,
          request.id,
          request.kind,
          request.plate,
          body,
          JSON.stringify(first),
          last.status,
          last.detail,
          now,
          now,
        ],
      );
      const receipts = trail.map((s) => ({
        kind: 'messageStatus' as const,
        key: s.messageId,
        op: 'put' as const,
        data: s,
      }));
      await appendFeed(q, stationId, receipts, now);
      return { kind: 'new', response: first };
    });
  }

  getMessage(stationId: string, id: string) {
    return this.sql.tx(async (q) => {
      const row = await one<{ status: string; detail: string | null; status_at: number }>(
        q,
        'SELECT status, detail, status_at FROM messages WHERE station_id = $1 AND id = $2',
        [stationId, id],
      );
      return (
        row &&
        ({
          messageId: id,
          status: row.status,
          detail: row.detail,
          at: row.status_at,
        } as MessageStatus)
      );
    });
  }

  setMessageStatus(
    stationId: string,
    id: string,
    status: MessageStatus['status'],
    detail: string | null,
    at: number,
  ) {
    return this.sql.tx(async (q) => {
      const n = await q.run(
        'UPDATE messages SET status = $3, detail = $4, status_at = $5 WHERE station_id = $1 AND id = $2',
        [stationId, id, status, detail, at],
      );
      if (n === 0) return undefined;
      const data: MessageStatus = { messageId: id, status, detail, at };
      await appendFeed(q, stationId, [{ kind: 'messageStatus', key: id, op: 'put', data }], at);
      return data;
    });
  }

  createQrPayment(stationId: string, request: QrPaymentRequest, payToken: string, now: number) {
    return this.sql.tx((q) => qr.createQrPayment(q, stationId, request, payToken, now));
  }

  getQrPayment(stationId: string, reference: string, now: number) {
    return this.sql.tx((q) => qr.getQrPayment(q, stationId, reference, now));
  }

  cancelQrPayment(stationId: string, reference: string, now: number) {
    return this.sql.tx((q) => qr.cancelQrPayment(q, stationId, reference, now));
  }

  qrPaymentByToken(payToken: string, now: number) {
    return this.sql.tx((q) => qr.qrPaymentByToken(q, payToken, now));
  }

  payQrPayment(payToken: string, now: number) {
    return this.sql.tx((q) => qr.payQrPayment(q, payToken, now));
  }

  listQrPayments(limit: number, now: number) {
    return this.sql.tx((q) => qr.listQrPayments(q, limit, now));
  }

  issueCoupon(coupon: CouponIssue, now: number) {
    return this.sql.tx((q) => coupons.issueCoupon(q, coupon, now));
  }

  getCoupon(code: string) {
    return this.sql.tx((q) => coupons.getCoupon(q, code));
  }

  redeemCoupon(stationId: string, code: string, redemptionId: string, now: number) {
    return this.sql.tx((q) => coupons.redeemCoupon(q, stationId, code, redemptionId, now));
  }

  couponRefusals(code?: string) {
    return this.sql.tx((q) => coupons.couponRefusals(q, code));
  }
}
