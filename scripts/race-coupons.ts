/**
 * Two stations race for one coupon against the reference server, 1,000 times (issue 10's race
 * figure): for each race a fresh coupon, both cashiers redeem it at once through their whole
 * stations. Prints a JSON summary on its last line; exits 1 unless every race had exactly one
 * winner and the server agrees. `--races N` runs another number; `--store postgres` runs the
 * server on PostgreSQL (scripts/postgres-test.sh's cluster), where the two redemptions run in
 * concurrent transactions rather than one after the other as on SQLite.
 *
 *   npm run race:coupons
 *   npm run race:coupons -- --store postgres
 */
import { parseArgs } from 'node:util';
import { startHarness as startServer } from '../tests/integration/reference-server/support/harness';
import { raceForCoupons } from '../tests/integration/sync/support/coupon-race';
import { startSyncedStation } from '../tests/integration/sync/support/synced-station';

const { values } = parseArgs({
  options: {
    races: { type: 'string', default: '1000' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const races = Number(values.races);
if (!Number.isInteger(races) || races < 1) throw new Error(`--races ${values.races}: a count`);
const store = values.store;
if (store !== 'sqlite' && store !== 'postgres')
  throw new Error(`--store ${store}: sqlite or postgres`);

const server = await startServer(store);
const a = await startSyncedStation(server);
const b = await startSyncedStation(server);
try {
  for (const s of [a, b]) await s.h.signIn('cashier');
  const started = performance.now();
  const tally = await raceForCoupons(server, [a, b], races);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const served = await server.admin.get('/admin/coupon-refusals');
  console.log(
    JSON.stringify({
      store,
      races: tally.races,
      exactlyOneWinner: tally.exactlyOneWinner,
      serverAgrees: tally.serverAgrees,
      winsByStation: tally.winsByStation,
      serverRefusals: served.data.refusals,
      odd: tally.odd.slice(0, 10),
      seconds,
    }),
  );
  process.exitCode = tally.exactlyOneWinner === races && tally.serverAgrees === races ? 0 : 1;
} finally {
  await a.h.stop();
  await b.h.stop();
  await server.close();
}
