/**
 * Secrets (the operator API token, device credentials) never sit in plain files.
 * Under Electron they are sealed with safeStorage; the headless host keeps them in memory only.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** True when values survive a restart (safeStorage available). */
  readonly persistent: boolean;
}

export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();
  get(name: string): string | null {
    return this.values.get(name) ?? null;
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  delete(name: string): void {
    this.values.delete(name);
  }
}
