/** One worker thread of `verify-parallel.ts`: checks its stretch of the chain and answers. */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyRange } from './verify';
import type { VerifyTask } from './verify-parallel';

const task = workerData as VerifyTask;
const db = new Database(task.dbFile, { readonly: true, fileMustExist: true });
try {
  parentPort!.postMessage(verifyRange(db, Buffer.from(task.keyHex, 'hex'), task.range));
} finally {
  db.close();
}
