import { safeStorage } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../core/config/secret-store';
import { readJsonFile, writeFileAtomic } from '../core/config/json-file';

/**
 * API keys encrypted with the OS keychain (Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux) through safeStorage; only ciphertext
 * touches the disk. Where the OS offers no real keychain, it refuses to store.
 */
export class KeychainSecrets implements SecretStore {
  private readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'secrets.json');
  }

  async get(name: string): Promise<string | undefined> {
    const cipher = (await this.read())[name];
    if (!cipher || !safeStorage.isEncryptionAvailable()) return undefined;
    return safeStorage.decryptString(Buffer.from(cipher, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new Error('This system offers no keychain to protect the key; set it as an environment variable instead.');
    }
    const all = await this.read();
    all[name] = safeStorage.encryptString(value).toString('base64');
    await writeFileAtomic(this.file, JSON.stringify(all, null, 2));
    await fs.chmod(this.file, 0o600);
  }

  private async read(): Promise<Record<string, string>> {
    const data = await readJsonFile(this.file).catch(() => undefined);
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  }
}
