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

type Row = [seq: number, canonical: string, prevHash: string, hash: string];

/**
 * Walks the chain in seq order and recomputes every HMAC, naming the first broken link: a gap
 * in seq (a deleted event), a prev_hash that is not the previous event's hash (a removed or
 * reordered event), or a hash that does not match the event's bytes (an edited one, or one
 * written without the key). It works in steps, so the station can check a long journal at
 * start-up without freezing the booth.
 *
 * What it cannot see alone: the newest events cut off the end. That needs a copy of the head
 * kept elsewhere; sync gives the operator's server one.
 */
export class ChainVerifier {
  private readonly page;
  private readonly hasher: ChainHasher;
  private readonly missingTriggers: string[];
  private prevHash = GENESIS_HASH;
  private nextSeq = 1;

  constructor(db: Db, key: Buffer) {
    this.hasher = new ChainHasher(key);
    const present = new Set(
      (
        db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'`)
          .all() as { name: string }[]
      ).map((r) => r.name),
    );
    this.missingTriggers = JOURNAL_TRIGGERS.filter((t) => !present.has(t));
    this.page = db
      .prepare(
        `SELECT seq, ${CANONICAL_COLUMNS_SQL}, prev_hash, hash FROM journal
         WHERE seq >= ? ORDER BY seq LIMIT ?`,
      )
      .raw();
  }

  /** Checks up to `maxEvents` more; the result once the chain ends or breaks, else null. */
  step(maxEvents: number): VerifyResult | null {
    const rows = this.page.all(this.nextSeq, maxEvents) as Row[];
    for (const [seq, canonical, storedPrev, storedHash] of rows) {
      if (seq !== this.nextSeq) {
        return this.broken(this.nextSeq, `event ${this.nextSeq} is missing (next: ${seq})`);
      }
      if (storedPrev !== this.prevHash) {
        return this.broken(seq, 'its previous-hash is not the hash of the event before it');
      }
      if (this.hasher.hash(this.prevHash, canonical) !== storedHash) {
        return this.broken(seq, 'its contents do not match its hash (edited, or forged)');
      }
      this.prevHash = storedHash;
      this.nextSeq++;
    }
    if (rows.length === maxEvents) return null;
    return {
      ok: this.missingTriggers.length === 0,
      events: this.nextSeq - 1,
      firstBroken: null,
      missingTriggers: this.missingTriggers,
    };
  }

  get checked(): number {
    return this.nextSeq - 1;
  }

  private broken(seq: number, problem: string): VerifyResult {
    return {
      ok: false,
      events: this.nextSeq - 1,
      firstBroken: { seq, problem },
      missingTriggers: this.missingTriggers,
    };
  }
}

const STEP = 20_000;

/** The whole chain at once (the command-line check and tests). */
export function verifyJournal(db: Db, key: Buffer): VerifyResult {
  const verifier = new ChainVerifier(db, key);
  for (;;) {
    const result = verifier.step(STEP);
    if (result) return result;
  }
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
  const verifier = new ChainVerifier(db, key);
  for (;;) {
    if (signal?.aborted) return null;
    const result = verifier.step(STEP);
    if (result) return result;
    onProgress?.(verifier.checked);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
