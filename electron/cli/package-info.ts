import { readFileSync } from 'node:fs';

/** The package's name and version, read from package.json beside the built output (out/main -> ../../). */
export function packageInfo(): { name: string; version: string } {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8'));
      if (pkg.name === 'trellis') return { name: pkg.productName ?? pkg.name, version: pkg.version };
    } catch {
      // try the next place
    }
  }
  return { name: 'Trellis', version: '0.0.0-unknown' };
}
