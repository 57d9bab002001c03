import type { DeviceStatus } from '../../src-shared';
import type { Db } from '../db/database';
import { verifyJournalInSteps } from './verify';

/**
 * The start-up check of the whole chain, in steps so the booth stays responsive. The status
 * strip shows it: amber while checking, red with the first broken link if the journal was
 * tampered with, green when every event verifies.
 */
export async function checkJournalAtStart(
  db: Db,
  key: Buffer,
  report: (status: DeviceStatus) => void,
  signal: AbortSignal,
): Promise<void> {
  const status = (health: DeviceStatus['health'], detail: string) =>
    report({ id: 'journal', kind: 'journal', label: 'Journal', health, detail });
  status('warning', 'checking the hash chain…');
  try {
    const result = await verifyJournalInSteps(
      db,
      key,
      (n) => status('warning', `checking the hash chain… ${n.toLocaleString('en')} events`),
      signal,
    );
    if (!result) return; // the station is stopping
    if (result.ok) {
      status('ok', `${result.events.toLocaleString('en')} events verified`);
    } else if (result.firstBroken) {
      const { seq, problem } = result.firstBroken;
      status('fault', `TAMPERED: event ${seq}: ${problem}`);
    } else {
      status('fault', `TAMPERED: protection removed (${result.missingTriggers.join(', ')})`);
    }
  } catch (err) {
    status('fault', `could not check the journal: ${String(err)}`);
  }
}
