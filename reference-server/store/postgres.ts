import pg from 'pg';
import type { SqlDriver, SqlQuery } from './sql';

const INT8 = 20;

/**
 * PostgreSQL through a `pg` pool, for an operator with many stations and several server
 * processes. Transactions run at READ COMMITTED; the store takes a station's row lock first,
 * which serialises that station's writes across processes while other stations proceed.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({
      connectionString,
      max: 10,
      // bigint columns hold epoch ms and counters, all below 2^53: numbers, not strings.
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client's connection dropping (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const q: SqlQuery = {
      all: async <R>(sql: string, params: readonly unknown[] = []) =>
        (await client.query(sql, params as unknown[])).rows as R[],
      run: async (sql: string, params: readonly unknown[] = []) =>
        (await client.query(sql, params as unknown[])).rowCount ?? 0,
    };
    try {
      await client.query('BEGIN');
      const result = await fn(q);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw err;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
