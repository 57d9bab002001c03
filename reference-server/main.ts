/**
 * The reference server from the command line:
 *
 *   node --import tsx reference-server/main.ts --port 0 --store sqlite:<file>|postgres:<url>
 *     [--seed-demo] [--station <id>:<deviceSecret>]... [--admin-token <t>] [--fault-header]
 *     [--faults '<plan JSON>'] [--no-auto-deliver] [--access-ttl-ms <n>] [--host 127.0.0.1]
 *
 * Prints the base URL alone on its first line, then one JSON line with the admin token, the
 * operator page and the demo station's credentials, for a parent process to read.
 */
import { parseArgs } from 'node:util';
import { DEMO_STATION, seedDemo } from './demo-seed';
import { faultPlanSchema } from './faults';
import { startReferenceServer } from './server';
import { openStore } from './store/open';
import { secretHash } from './tokens';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    store: { type: 'string' },
    'seed-demo': { type: 'boolean', default: false },
    station: { type: 'string', multiple: true, default: [] },
    'admin-token': { type: 'string' },
    'fault-header': { type: 'boolean', default: false },
    faults: { type: 'string' },
    'no-auto-deliver': { type: 'boolean', default: false },
    'access-ttl-ms': { type: 'string' },
  },
});

if (!values.store) {
  console.error('reference-server: --store sqlite:<file> or --store postgres:<url> is required');
  process.exit(2);
}
const store = await openStore(values.store);
const server = await startReferenceServer({
  store,
  host: values.host,
  port: Number(values.port),
  adminToken: values['admin-token'],
  faultHeader: values['fault-header'],
  faults: values.faults ? faultPlanSchema.parse(JSON.parse(values.faults)) : undefined,
  autoDeliver: !values['no-auto-deliver'],
  tokens: values['access-ttl-ms'] ? { accessTtlMs: Number(values['access-ttl-ms']) } : undefined,
  log: (line) => console.error(line),
});
const now = server.clock.now();
if (values['seed-demo']) await seedDemo(store, server.doc, now);
for (const spec of values.station) {
  const [id, secret] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  if (!id || secret.length < 16) {
    console.error(
      `reference-server: --station wants <id>:<secret of 16+ characters>, not "${spec}"`,
    );
    process.exit(2);
  }
  await store.putStation({ id, name: id, secretHash: secretHash(secret) }, now);
}

console.log(server.url);
console.log(
  JSON.stringify({
    url: server.url,
    store: store.kind,
    adminToken: server.adminToken,
    operatorPage: `${server.url}/operator?key=${encodeURIComponent(server.adminToken)}`,
    demoStation: values['seed-demo']
      ? { id: DEMO_STATION.id, deviceSecret: DEMO_STATION.deviceSecret }
      : null,
  }),
);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
