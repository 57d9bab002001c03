import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../platform/secret-store';

/**
 * Secrets in a file only its owner can read (0600, in a 0700 folder): the headless host's
 * store, and Electron's fallback where the OS has no keystore. Writes go to a temporary file
 * that is renamed over the old one, so a crash never leaves half a secrets file.
 */
export class FileSecretStore implements SecretStore {
  readonly persistent = true;
  private readonly values: Record<string, string>;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.values = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
      : {};
    if (existsSync(file)) chmodSync(file, 0o600);
  }

  get(name: string): string | null {
    return Object.prototype.hasOwnProperty.call(this.values, name) ? this.values[name]! : null;
  }

  set(name: string, value: string): void {
    this.values[name] = value;
    this.save();
  }

  delete(name: string): void {
    delete this.values[name];
    this.save();
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
