import type { Db } from '../db/database';
import { JOURNAL_TRIGGERS } from '../db/schema-v3';
import { CANONICAL_COLUMNS_SQL, ChainHasher, GENESIS_HASH } from './chain';

export interface VerifyResult {
  ok: boolean;
  /** Events checked before the first broken link (all of them when ok). */
  events: number;
  /** The first broken link: which seq, and what is wrong with it. */
  firstBroken: { seq: number; problem: string } | null;
  /** Append-only triggers that are missing (someone dropped them). */
  missingTriggers: string[];
}

/** A stretch of the chain, `fromSeq` to `toSeq` inclusive (the end unbounded when omitted). */
export interface SeqRange {
  fromSeq: number;
  toSeq?: number;
}

/** What checking one stretch found: the first broken link in it, if any. */
export interface RangeOutcome {
  checked: number;
  firstBroken: { seq: number; problem: string } | null;
}

type Row = [seq: number, canonical: string, prevHash: string, hash: string];

export function missingJournalTriggers(db: Db): string[] {
  const present = new Set(
    (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'`)
        .all() as { name: string }[]
    ).map((r) => r.name),
  );
  return JOURNAL_TRIGGERS.filter((t) => !present.has(t));
}

/**
 * Walks a stretch of the chain in seq order and recomputes every HMAC, naming the first broken
 * link: a gap in seq (a deleted event), a prev_hash that is not the previous event's hash (a
 * removed or reordered event), or a hash that does not match the event's bytes (an edited one,
 * or one written without the key). It works in steps, so the station can check a long journal
 * at start-up without freezing the booth, and on stretches, so a long journal can be checked
 * on every core at once (`verify-parallel.ts`): each link needs only its own row and the hash
 * stored in the row before it.
 *
 * What it cannot see alone: the newest events cut off the end. That needs a copy of the head
 * kept elsewhere; sync gives the operator's server one.
 */
export class RangeVerifier {
  private readonly page;
  private readonly hasher: ChainHasher;
  private readonly toSeq: number;
  /** The hash the next event must name as its previous; null when that event is gone. */
  private prevHash: string | null;
  private nextSeq: number;
  private readonly fromSeq: number;

  constructor(db: Db, key: Buffer, range: SeqRange = { fromSeq: 1 }) {
    this.hasher = new ChainHasher(key);
    this.fromSeq = range.fromSeq;
    this.nextSeq = range.fromSeq;
    this.toSeq = range.toSeq ?? Number.MAX_SAFE_INTEGER;
    // Before the stretch: the genesis, or the stored hash of the event before it. If that
    // event is missing, the stretch before this one reports it, at a lower seq.
    this.prevHash =
      range.fromSeq <= 1
        ? GENESIS_HASH
        : ((
            db.prepare('SELECT hash FROM journal WHERE seq = ?').get(range.fromSeq - 1) as
              { hash: string } | undefined
          )?.hash ?? null);
    this.page = db
      .prepare(
        `SELECT seq, ${CANONICAL_COLUMNS_SQL}, prev_hash, hash FROM journal
         WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`,
      )
      .raw();
  }

  /** Checks up to `maxEvents` more; the outcome once the stretch ends or breaks, else null. */
  step(maxEvents: number): RangeOutcome | null {
    const rows = this.page.all(this.nextSeq, this.toSeq, maxEvents) as Row[];
    for (const [seq, canonical, storedPrev, storedHash] of rows) {
      if (seq !== this.nextSeq) {
        return this.broken(this.nextSeq, `event ${this.nextSeq} is missing (next: ${seq})`);
      }
      if (this.prevHash !== null && storedPrev !== this.prevHash) {
        return this.broken(seq, 'its previous-hash is not the hash of the event before it');
      }
      if (this.hasher.hash(storedPrev, canonical) !== storedHash) {
        return this.broken(seq, 'its contents do not match its hash (edited, or forged)');
      }
      this.prevHash = storedHash;
      this.nextSeq++;
    }
    if (rows.length === maxEvents && this.nextSeq <= this.toSeq) return null;
    // A bounded stretch must reach its end: the coordinator bounds it by the highest seq.
    if (this.toSeq !== Number.MAX_SAFE_INTEGER && this.nextSeq <= this.toSeq) {
      return this.broken(this.nextSeq, `event ${this.nextSeq} is missing`);
    }
    return { checked: this.checked, firstBroken: null };
  }

  get checked(): number {
    return this.nextSeq - this.fromSeq;
  }

  private broken(seq: number, problem: string): RangeOutcome {
    return { checked: this.checked, firstBroken: { seq, problem } };
  }
}

const STEP = 20_000;

/** Checks a whole stretch at once (a worker's share, or the whole chain). */
export function verifyRange(db: Db, key: Buffer, range: SeqRange): RangeOutcome {
  const verifier = new RangeVerifier(db, key, range);
  for (;;) {
    const outcome = verifier.step(STEP);
    if (outcome) return outcome;
  }
}

/** The result for the whole chain from what its stretches found (in any order). */
export function combineOutcomes(outcomes: RangeOutcome[], missingTriggers: string[]): VerifyResult {
  const broken = outcomes
    .map((o) => o.firstBroken)
    .filter((b): b is NonNullable<typeof b> => b !== null)
    .sort((a, b) => a.seq - b.seq)[0];
  const total = outcomes.reduce((sum, o) => sum + o.checked, 0);
  return {
    ok: !broken && missingTriggers.length === 0,
    events: broken ? broken.seq - 1 : total,
    firstBroken: broken ?? null,
    missingTriggers,
  };
}

/** The whole chain on this thread (tests, and journals too small to be worth splitting). */
export function verifyJournal(db: Db, key: Buffer): VerifyResult {
  return combineOutcomes([verifyRange(db, key, { fromSeq: 1 })], missingJournalTriggers(db));
}

/**
 * The whole chain, yielding to the event loop between steps (the station's start-up check);
 * null when stopped early through `signal`.
 */
export async function verifyJournalInSteps(
  db: Db,
  key: Buffer,
  onProgress?: (checked: number) => void,
  signal?: AbortSignal,
): Promise<VerifyResult | null> {
  const missing = missingJournalTriggers(db);
  const verifier = new RangeVerifier(db, key);
  for (;;) {
    if (signal?.aborted) return null;
    const outcome = verifier.step(STEP);
    if (outcome) return combineOutcomes([outcome], missing);
    onProgress?.(verifier.checked);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
