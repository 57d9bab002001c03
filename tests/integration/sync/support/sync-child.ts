/**
 * A station's sync client in a process of its own, for the crash test to kill: opens the rig
 * in the given directory and syncs continuously until killed. Arguments: a JSON object
 * { dir, serverUrl, stationId, deviceSecret, keyHex, sync }.
 */
import { openSyncRig } from '../../../support/sync-rig';

const args = JSON.parse(process.argv[2]!) as {
  dir: string;
  serverUrl: string;
  stationId: string;
  deviceSecret: string;
  keyHex: string;
  sync: Record<string, number>;
};
const rig = openSyncRig({ ...args, key: Buffer.from(args.keyHex, 'hex') });
rig.sync.start();
process.stdout.write('syncing\n');
