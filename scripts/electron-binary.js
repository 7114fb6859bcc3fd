import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary's path, or null where the npm package is installed without it (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // the package throws when its binary was never downloaded
  }
}
