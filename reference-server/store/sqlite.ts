import Database from 'better-sqlite3';
import type { SqlDriver, SqlQuery } from './sql';

/**
 * SQLite through better-sqlite3: one connection, WAL, synchronous=FULL (an accepted event is
 * on disk before the answer leaves). better-sqlite3 is synchronous but the store's logic is
 * async (PostgreSQL's is), so transactions queue behind each other: an await inside one would
 * otherwise let another request's BEGIN run on the same connection.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, { stmt: Database.Statement; order: number[] }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  private prepare(sql: string): { stmt: Database.Statement; order: number[] } {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      // $n parameters become positional '?', with the values reordered to match.
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      // Statements with IN lists vary in length; keep the cache from growing without bound.
      if (this.statements.size > 500) this.statements.clear();
      prepared = { stmt: this.db.prepare(text), order };
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private readonly query: SqlQuery = {
    all: async <T>(sql: string, params: readonly unknown[] = []) => {
      const { stmt, order } = this.prepare(sql);
      const args = order.map((i) => params[i]);
      return (stmt.reader ? stmt.all(...args) : (stmt.run(...args), [])) as T[];
    },
    run: async (sql: string, params: readonly unknown[] = []) => {
      const { stmt, order } = this.prepare(sql);
      return stmt.run(...order.map((i) => params[i])).changes;
    },
  };

  tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    const run = async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.query);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
