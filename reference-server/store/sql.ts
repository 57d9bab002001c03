/**
 * The seam between the store's logic and a database. The store writes its SQL once, in the
 * subset both SQLite and PostgreSQL speak ($1-style parameters, RETURNING, ON CONFLICT,
 * row-value IN), so the ordering and idempotency rules exist in one place and the two stores
 * cannot drift apart. Integers come back as JS numbers (all fit in 2^53).
 */
export interface SqlQuery {
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Transactions of one station are serialised by the store (it locks the station's row).
   */
  tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T>;
  /** Runs DDL statements separated by semicolons. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function one<T>(
  q: SqlQuery,
  sql: string,
  params?: readonly unknown[],
): Promise<T | undefined> {
  return (await q.all<T>(sql, params))[0];
}

/** "$2, $3, $4" for `count` parameters after the first `after` ones. */
export function placeholders(count: number, after: number): string {
  return Array.from({ length: count }, (_, i) => `$${after + i + 1}`).join(', ');
}
