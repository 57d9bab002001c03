import type { SyncRepository } from '../db/repositories/sync-repository';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';
import { failure, SyncError, type TokenSource } from './tokens';
import type { Transport } from './transport';
import { changesPage, type Change } from './wire';

/** Applies pulled changes to the booth; runs inside the pull's transaction. */
export interface ChangeApplier {
  apply(changes: Change[], at: number): void;
  /** After the transaction committed: in-memory state may follow (it is rebuilt at start). */
  committed?(changes: Change[]): void;
}

export interface PullDeps {
  sync: SyncRepository;
  transport: Transport;
  tokens: TokenSource;
  transact: Transact;
  clock: Clock;
  applier: ChangeApplier;
  pageSize: number;
}

/**
 * Pulls the operator's decisions by cursor. A page is checked against the contract first: one
 * change that doesn't match it refuses the whole page, with the reason, and nothing is
 * applied. A good page is applied, and its cursor stored, in one transaction, so a crash can
 * neither lose a page nor apply it twice; changes the server repeats (at-least-once) are
 * skipped by their seq.
 */
export class Puller {
  constructor(private readonly d: PullDeps) {}

  /** Applies one page; true while the server has more. Throws SyncError when it couldn't. */
  async step(): Promise<boolean> {
    const { cursor, lastChangeSeq } = this.d.sync.pullState();
    const data = await this.fetch(cursor);
    const parsed = changesPage.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.join('.') || 'the page';
      throw new SyncError(
        `pull refused: the server's data breaks the contract at ${where} (${first?.message}); ` +
          'nothing was applied',
        'answered',
      );
    }
    const page = parsed.data;
    const fresh: Change[] = [];
    let last = lastChangeSeq;
    for (const c of [...page.changes].sort((a, b) => a.seq - b.seq)) {
      if (c.seq <= last) continue;
      fresh.push(c);
      last = c.seq;
    }
    this.d.transact(() => {
      if (fresh.length > 0) this.d.applier.apply(fresh, this.d.clock());
      this.d.sync.setPullState(page.nextCursor, last);
    });
    if (fresh.length > 0) this.d.applier.committed?.(fresh);
    return page.hasMore;
  }

  private async fetch(cursor: string | null): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.d.tokens.access();
      const outcome = await this.d.transport.get(
        '/v1/changes',
        { cursor: cursor ?? undefined, limit: this.d.pageSize },
        token,
      );
      if (outcome.kind === 'answer' && outcome.status === 200) return outcome.data;
      if (outcome.kind === 'answer' && outcome.status === 401 && attempt === 0) {
        this.d.tokens.expire();
        continue;
      }
      throw failure(outcome, 'pull');
    }
  }
}
