/** Shared helpers for the device integration tests: temp dirs, cleanup stacks and polling. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Collects cleanups and runs them newest-first, continuing past failures. */
export class Cleanup {
  private readonly tasks: Array<() => Promise<unknown> | unknown> = [];

  add<T>(task: () => Promise<unknown> | unknown, value?: T): T {
    this.tasks.push(task);
    return value as T;
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const task of this.tasks.splice(0).reverse()) {
      try {
        await task();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
  }
}

/** A fresh directory under the OS temp dir, removed by the cleanup. */
export async function tempDir(cleanup: Cleanup, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `station-${prefix}-`));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls until `check` returns a truthy value; the timeout only guards against hangs. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  label: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
