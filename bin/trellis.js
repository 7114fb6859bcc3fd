#!/usr/bin/env node
// The `trellis` command: runs the built CLI (npm run build makes out/cli/trellis.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/cli/trellis.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`trellis: not built yet; run \`npm run build\` in ${root}\n`);
  process.exit(2);
}
await import(cli.href);
