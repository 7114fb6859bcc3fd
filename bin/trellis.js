#!/usr/bin/env node
// The `trellis` command: runs the built CLI (npm run build makes out/cli/trellis.js).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/cli/trellis.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`trellis: not built yet; run \`npm run build\` in ${root}\n`);
  process.exit(2);
}
// Node 22.1 and later keep V8's compiled code of the bundles between runs, as tsc does; older Node has no such cache.
module.enableCompileCache?.();
await import(cli.href);
