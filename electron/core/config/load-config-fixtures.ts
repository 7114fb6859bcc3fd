// Test setup shared by the load-config*.test.ts files: a Trellis home holding a given config.toml, and the
// ConfigError a loadConfig call must fail with.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { ConfigError } from './config-error';
import { loadConfig, type LoadConfigOptions } from './load-config';

/** A Trellis home holding config.toml with these lines (line 1 = first element). */
export function home(...lines: string[]): string {
  const dir = tempDir('trellis-config-');
  fs.writeFileSync(path.join(dir, 'config.toml'), lines.join('\n') + '\n');
  return dir;
}

export async function failure(options: LoadConfigOptions): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to fail');
}
