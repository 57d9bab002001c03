import { PostgresDriver } from './postgres';
import { SqliteDriver } from './sqlite';
import { SqlStore } from './sql-store';
import type { Store } from './store';

/** `sqlite:<file>` or `postgres:<url>` (a postgres:// or postgresql:// URL works as is too). */
export async function openStore(spec: string): Promise<Store> {
  let store: Store;
  if (spec.startsWith('sqlite:')) {
    store = new SqlStore(new SqliteDriver(spec.slice('sqlite:'.length)));
  } else if (/^postgres(ql)?:\/\//.test(spec)) {
    store = new SqlStore(new PostgresDriver(spec));
  } else if (spec.startsWith('postgres:')) {
    store = new SqlStore(new PostgresDriver(spec.slice('postgres:'.length)));
  } else {
    throw new Error(`--store must be sqlite:<file> or postgres:<url>, not "${spec}"`);
  }
  await store.migrate();
  return store;
}
