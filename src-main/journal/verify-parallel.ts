import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  combineOutcomes,
  missingJournalTriggers,
  verifyRange,
  type RangeOutcome,
  type SeqRange,
} from './verify';
import type { VerifyResult } from './verify';

/** Below this many events one thread is quicker than starting workers. */
const SPLIT_ABOVE = 200_000;

export interface VerifyTask {
  dbFile: string;
  keyHex: string;
  range: SeqRange;
}

/** Splits 1..maxSeq into `parts` contiguous stretches. */
export function splitRange(maxSeq: number, parts: number): Required<SeqRange>[] {
  const size = Math.ceil(maxSeq / parts);
  const ranges: Required<SeqRange>[] = [];
  for (let from = 1; from <= maxSeq; from += size) {
    ranges.push({ fromSeq: from, toSeq: Math.min(maxSeq, from + size - 1) });
  }
  return ranges;
}

/**
 * Checks the whole chain of the database file with one worker thread per core, each on its own
 * stretch of seq and its own read-only connection (the command-line check: the station's own
 * start-up check runs in steps on its main thread instead). The stretches end at the highest
 * seq when the check starts, so events appended meanwhile are left for the next check.
 */
export async function verifyJournalFile(
  dbFile: string,
  key: Buffer,
  { threads = availableParallelism(), splitAbove = SPLIT_ABOVE } = {},
): Promise<VerifyResult> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const missing = missingJournalTriggers(db);
    const maxSeq = (db.prepare('SELECT MAX(seq) AS m FROM journal').get() as { m: number | null })
      .m;
    if (maxSeq === null) return combineOutcomes([], missing);
    if (threads <= 1 || maxSeq < splitAbove) {
      return combineOutcomes([verifyRange(db, key, { fromSeq: 1, toSeq: maxSeq })], missing);
    }
    const outcomes = await Promise.all(
      splitRange(maxSeq, threads).map((range) =>
        runWorker({ dbFile, keyHex: key.toString('hex'), range }),
      ),
    );
    return combineOutcomes(outcomes, missing);
  } finally {
    db.close();
  }
}

function runWorker(task: VerifyTask): Promise<RangeOutcome> {
  return new Promise((resolve, reject) => {
    const worker = workerFor(task);
    worker.once('message', (outcome: RangeOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`journal verify worker exited with ${code}`));
    });
  });
}

function workerFor(task: VerifyTask): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: task });
  }
  // From source (the CLI and the bench run under tsx): Node 20 does not hand the TypeScript
  // loader to worker threads, so the worker registers it before importing its module.
  const entry = new URL('./verify-worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: task },
  );
}
