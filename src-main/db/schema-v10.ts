/**
 * Durable print jobs: a receipt waits in print_jobs until the printer can take it, and the
 * station knows, across restarts, whether a job ever started printing.
 * - started_at is set, in its own committed transaction, just before the first byte of the job
 *   goes to the printer. A queued job without it never printed anything and is printed
 *   automatically when the printer is ready, after a restart too; one with it may have come out
 *   in part and is never sent again by itself (the cashier reprints it as a COPY, or voids it).
 * - attempts counts the jobs actually started, last_status the printer's answer when the job
 *   was last held or tried ("paper out", "cover open", ...).
 * - A COPY records who asked for it and why (requested_by, reason), beside the journal's event.
 * - Jobs already queued when this runs were printing under the old code when the station
 *   stopped: they count as started, so they become interrupted as before and are not resent.
 */
export const schemaV10 = `
ALTER TABLE print_jobs ADD COLUMN started_at INTEGER;
ALTER TABLE print_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE print_jobs ADD COLUMN last_status TEXT;
ALTER TABLE print_jobs ADD COLUMN requested_by TEXT;
ALTER TABLE print_jobs ADD COLUMN reason TEXT;
UPDATE print_jobs SET started_at = updated_at WHERE state = 'queued';
CREATE INDEX print_jobs_waiting ON print_jobs (id) WHERE state = 'queued' AND started_at IS NULL;
`;
