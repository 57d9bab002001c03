import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secret-store';

/** The slice of Electron's `safeStorage` used here (structural, so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

interface SecretsFile {
  version: 1;
  /** name -> base64 of safeStorage ciphertext */
  secrets: Record<string, string>;
}

/**
 * Secrets sealed with the OS keystore (DPAPI, Keychain, libsecret/kwallet) and stored as base64
 * in `<userData>/secrets.json`. Without a real keystore it refuses to write anything to disk and
 * keeps values in memory only, so a secret never lands in a file that is effectively plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly persistent: boolean;
  private readonly values = new Map<string, string>();
  private readonly sealed = new Map<string, string>();

  constructor(
    private readonly safe: SafeStorageLike,
    private readonly file: string,
    private readonly log: Logger,
  ) {
    const backend = process.platform === 'linux' ? safe.getSelectedStorageBackend?.() : undefined;
    this.persistent = safe.isEncryptionAvailable() && backend !== 'basic_text';
    if (!this.persistent) {
      log.warn('no OS keystore: secrets are kept in memory only and lost on restart', { backend });
      return; // and the file is left untouched, in case the keystore is back next start
    }
    this.load();
  }

  get(name: string): string | null {
    return this.values.get(name) ?? null;
  }

  set(name: string, value: string): void {
    if (this.persistent) {
      const next = new Map(this.sealed);
      next.set(name, this.safe.encryptString(value).toString('base64'));
      this.write(next); // persist first: memory never claims what the disk does not hold
      this.sealed.set(name, next.get(name) as string);
    }
    this.values.set(name, value);
  }

  delete(name: string): void {
    if (this.persistent && this.sealed.has(name)) {
      const next = new Map(this.sealed);
      next.delete(name);
      this.write(next);
      this.sealed.delete(name);
    }
    this.values.delete(name);
  }

  private load(): void {
    let parsed: Partial<SecretsFile>;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<SecretsFile>;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      if (!missing) this.log.warn('secrets file unreadable; starting empty', { err: String(err) });
      return;
    }
    const entries = parsed && typeof parsed.secrets === 'object' ? parsed.secrets : null;
    for (const [name, b64] of Object.entries(entries ?? {})) {
      if (typeof b64 !== 'string') continue;
      try {
        this.values.set(name, this.safe.decryptString(Buffer.from(b64, 'base64')));
        this.sealed.set(name, b64);
      } catch (err) {
        // Typically a keystore reset or a file copied from another machine.
        this.log.warn('secret could not be decrypted; dropped', { name, err: String(err) });
      }
    }
  }

  /** Atomic replace: temp file (owner-only), fsync, rename; a power cut leaves old or new. */
  private write(sealed: Map<string, string>): void {
    const body: SecretsFile = { version: 1, secrets: Object.fromEntries(sealed) };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeFileSync(fd, JSON.stringify(body, null, 2));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }
}
