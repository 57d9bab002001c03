import {
  journalEventTypes,
  type JournalDraft,
  type JournalEntryView,
} from '../../src-shared/journal/event-types';
import { canonicalJson } from '../../src-shared/domain/canonical-json';
import { StationError } from '../../src-shared';
import type { Db } from '../db/database';
import { CANONICAL_PARAMS_SQL, ChainHasher, GENESIS_HASH } from './chain';
import { uuidv7 } from './uuid7';

interface JournalRow {
  seq: number;
  id: string;
  station_id: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_seq: number;
  type: string;
  version: number;
  payload_json: string;
  actor: string;
  at: number;
}

const toView = (r: JournalRow): JournalEntryView => ({
  seq: r.seq,
  id: r.id,
  stationId: r.station_id,
  aggregateType: r.aggregate_type,
  aggregateId: r.aggregate_id,
  aggregateSeq: r.aggregate_seq,
  type: r.type,
  version: r.version,
  payload: JSON.parse(r.payload_json) as unknown,
  actor: r.actor,
  at: r.at,
});

export interface JournalFilter {
  /** Events before this seq (paging backwards from the newest); none means from the newest. */
  beforeSeq?: number;
  actor?: string;
  /** An event type, or a prefix ending in '.' (e.g. 'payment.'). */
  type?: string;
  aggregateId?: string;
  fromAt?: number;
  toAt?: number;
  limit: number;
}

/**
 * An event as the operator's API takes it (api/openapi.yaml JournalEvent), already as JSON
 * text: sync sends a thousand at a time, and building them in SQLite spares parsing each
 * payload only to serialise it again. The columns beside it are what sync needs to judge it.
 */
export interface WireEvent {
  seq: number;
  aggregateType: string;
  aggregateId: string;
  aggregateSeq: number;
  json: string;
}

const WIRE_COLUMNS = `seq, aggregate_type AS aggregateType, aggregate_id AS aggregateId,
  aggregate_seq AS aggregateSeq, json_object('seq', seq, 'id', id, 'stationId', station_id,
  'aggregateType', aggregate_type, 'aggregateId', aggregate_id, 'aggregateSeq', aggregate_seq,
  'type', type, 'version', version, 'payload', json(payload_json), 'actor', actor, 'at', at)
  AS json`;

/** What sync reads: events in commit order, and one aggregate's events. */
export type JournalReader = Pick<
  Journal,
  | 'since'
  | 'sinceAsJson'
  | 'aggregateAsJson'
  | 'countAfter'
  | 'countAggregate'
  | 'seqOfAggregateEvent'
>;

/** Appends events; services get only this, never the reader. */
export interface JournalWriter {
  /** Must run inside the transaction of the change the event records. */
  append(draft: JournalDraft, at: number): string;
}

/**
 * The station's journal. Each append validates the payload against its declared schema, takes
 * the next seq and the aggregate's next sequence number, and chains the event's HMAC to the
 * previous one, all inside the caller's transaction: if the business change rolls back, so
 * does its event, and the chain never has a hole.
 */
export class Journal implements JournalWriter {
  private readonly stmts;
  private readonly hasher: ChainHasher;

  constructor(
    private readonly db: Db,
    key: Buffer,
    private readonly stationId: string,
  ) {
    this.hasher = new ChainHasher(key);
    this.stmts = {
      canonical: db.prepare(`SELECT ${CANONICAL_PARAMS_SQL} AS c`).pluck(),
      head: db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
      aggSeq: db.prepare(`SELECT MAX(aggregate_seq) AS n FROM journal
        WHERE aggregate_type = ? AND aggregate_id = ?`),
      insert: db.prepare(`INSERT INTO journal (seq, id, station_id, aggregate_type, aggregate_id,
        aggregate_seq, type, version, payload_json, actor, at, prev_hash, hash)
        VALUES (@seq, @id, @stationId, @aggregateType, @aggregateId, @aggregateSeq, @type,
        @version, @payloadJson, @actor, @at, @prevHash, @hash)`),
      since: db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?'),
      sinceWire: db.prepare(
        `SELECT ${WIRE_COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`,
      ),
      aggregateWire: db.prepare(`SELECT ${WIRE_COLUMNS} FROM journal
        WHERE aggregate_type = ? AND aggregate_id = ? AND seq >= ? AND seq <= ?
        ORDER BY seq LIMIT ?`),
      after: db.prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM journal WHERE seq > ?'),
      aggregateCount: db.prepare(`SELECT COUNT(*) AS n, MIN(at) AS oldest FROM journal
        WHERE aggregate_type = ? AND aggregate_id = ? AND seq >= ? AND seq <= ?`),
      byAggregateSeq: db
        .prepare(
          `SELECT seq FROM journal
        WHERE aggregate_type = ? AND aggregate_id = ? AND aggregate_seq = ?`,
        )
        .pluck(),
    };
  }

  append(draft: JournalDraft, at: number): string {
    if (!this.db.inTransaction) {
      throw new Error(`journal: ${draft.type} must be written in its change's transaction`);
    }
    const def = journalEventTypes[draft.type];
    const parsed = def.payload.safeParse(draft.payload);
    if (!parsed.success) {
      throw new StationError(
        'INTERNAL',
        `journal: ${draft.type} payload does not match its schema`,
      );
    }
    const head = this.stmts.head.get() as { seq: number; hash: string } | undefined;
    const aggregate = this.stmts.aggSeq.get(def.aggregate, draft.aggregateId) as {
      n: number | null;
    };
    const fields = {
      seq: (head?.seq ?? 0) + 1,
      id: uuidv7(at),
      stationId: this.stationId,
      aggregateType: def.aggregate,
      aggregateId: draft.aggregateId,
      aggregateSeq: (aggregate.n ?? 0) + 1,
      type: draft.type,
      version: def.version,
      payloadJson: canonicalJson(parsed.data),
      actor: draft.actor,
      at,
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const canonical = this.stmts.canonical.get(fields) as string;
    this.stmts.insert.run({ ...fields, prevHash, hash: this.hasher.hash(prevHash, canonical) });
    return fields.id;
  }

  /** Events after `cursor` (a seq) in commit order: what sync and the chart rollups consume. */
  since(cursor: number, limit: number): JournalEntryView[] {
    return (this.stmts.since.all(cursor, limit) as JournalRow[]).map(toView);
  }

  /** Events after `cursor` as sync sends them: each one's JSON, built by SQLite. */
  sinceAsJson(cursor: number, limit: number): WireEvent[] {
    return this.stmts.sinceWire.all(cursor, limit) as WireEvent[];
  }

  /** One aggregate's events as sync sends them (a held aggregate sent again). */
  aggregateAsJson(
    type: string,
    id: string,
    fromSeq: number,
    toSeq: number,
    limit: number,
  ): WireEvent[] {
    return this.stmts.aggregateWire.all(type, id, fromSeq, toSeq, limit) as WireEvent[];
  }

  /** How many events come after `seq`, and when the oldest of them happened. */
  countAfter(seq: number): { count: number; oldestAt: number | null } {
    const r = this.stmts.after.get(seq) as { n: number; oldest: number | null };
    return { count: r.n, oldestAt: r.oldest };
  }

  /** How many of one aggregate's events lie from `fromSeq` to `toSeq`, and the oldest's time. */
  countAggregate(
    type: string,
    id: string,
    fromSeq: number,
    toSeq: number,
  ): { count: number; oldestAt: number | null } {
    const r = this.stmts.aggregateCount.get(type, id, fromSeq, toSeq) as {
      n: number;
      oldest: number | null;
    };
    return { count: r.n, oldestAt: r.oldest };
  }

  /** The seq of an aggregate's n-th event, if it exists. */
  seqOfAggregateEvent(type: string, id: string, aggregateSeq: number): number | null {
    return (this.stmts.byAggregateSeq.get(type, id, aggregateSeq) as number | undefined) ?? null;
  }

  /** The manager's browse: newest first, filtered, paged by seq. */
  list(f: JournalFilter): JournalEntryView[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (f.beforeSeq !== undefined) add('seq < ?', f.beforeSeq);
    if (f.actor) add('actor = ? COLLATE NOCASE', f.actor);
    if (f.type?.endsWith('.')) add('type >= ? AND type < ?', f.type, `${f.type}\uffff`);
    else if (f.type) add('type = ?', f.type);
    if (f.aggregateId) add('aggregate_id = ?', f.aggregateId);
    if (f.fromAt !== undefined) add('at >= ?', f.fromAt);
    if (f.toAt !== undefined) add('at < ?', f.toAt);
    const sql = `SELECT * FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as JournalRow[]).map(toView);
  }
}
